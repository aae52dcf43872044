package dev.berth.deploy;

import dev.berth.domain.AppName;
import dev.berth.domain.DeploymentId;
import dev.berth.domain.EnvName;
import dev.berth.events.RedisKeys;
import dev.berth.promote.EnvironmentRecords;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.sortedset.ScoredValue;
import io.quarkus.redis.datasource.sortedset.ZRangeArgs;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Removes old deployment records with their log streams and index entries ({@link RetentionConfig}). It walks the
 * overall index oldest first; each removal deletes the hash and the log stream and takes the id out of all three
 * indexes in one transaction, so the indexes never name a missing record for long (an id whose record is already
 * gone is taken out of them too). Idempotent: replicas running it at once do no harm.
 */
@ApplicationScoped
public class DeploymentRetention {

    private static final Logger LOG = Logger.getLogger(DeploymentRetention.class);
    private static final int PAGE = 500;

    private final RedisDataSource redis;
    private final RedisKeys keys;
    private final DeploymentStore store;
    private final EnvironmentRecords records;
    private final RetentionConfig config;
    private final Clock clock;

    public DeploymentRetention(RedisDataSource redis, RedisKeys keys, DeploymentStore store,
            EnvironmentRecords records, RetentionConfig config, Clock clock) {
        this.redis = redis;
        this.keys = keys;
        this.store = store;
        this.records = records;
        this.config = config;
        this.clock = clock;
        if (config.keepPerEnvironment() < 1) {
            throw new IllegalArgumentException("berth.deployments.retention.keep-per-environment must be at least 1");
        }
    }

    @Scheduled(every = "${berth.deployments.retention.interval:1h}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        if (!config.enabled()) {
            return;
        }
        try {
            int removed = run();
            if (removed > 0) {
                LOG.infof("Retention removed %d deployment records with their logs", removed);
            }
        } catch (RuntimeException e) {
            LOG.warnf(e, "Deployment retention failed; it runs again in %s", config.interval());
        }
    }

    /** One pass over every record; returns how many were removed. */
    public int run() {
        Instant now = clock.instant();
        double tooOld = config.maxAge().isZero() ? Double.NEGATIVE_INFINITY
                : now.minus(config.maxAge()).toEpochMilli();
        Map<String, Set<String>> protectedIds = new HashMap<>();
        int removed = 0;
        long offset = 0;
        while (true) {
            List<ScoredValue<String>> page = redis.sortedSet(String.class)
                    .zrangeWithScores(keys.deploymentIndex(), offset, offset + PAGE - 1, new ZRangeArgs());
            if (page.isEmpty()) {
                return removed;
            }
            int removedHere = 0;
            for (ScoredValue<String> entry : page) {
                Optional<Deployment> d = store.find(new DeploymentId(entry.value()));
                if (d.isEmpty()) {
                    redis.sortedSet(String.class).zrem(keys.deploymentIndex(), entry.value());
                    removedHere++;
                    continue;
                }
                if (expendable(d.get(), entry.score() < tooOld, protectedIds)) {
                    remove(d.get());
                    removedHere++;
                }
            }
            removed += removedHere;
            offset += page.size() - removedHere;
        }
    }

    private boolean expendable(Deployment d, boolean old, Map<String, Set<String>> protectedIds) {
        if (!d.status().terminal()) {
            return false;
        }
        String envIndex = keys.deploymentIndex(d.app().value(), d.env().value());
        java.util.OptionalLong rank = redis.sortedSet(String.class).zrevrank(envIndex, d.id().value());
        boolean beyondCount = rank.isEmpty() || rank.getAsLong() >= config.keepPerEnvironment();
        if (!beyondCount && !old) {
            return false;
        }
        return !protectedIds.computeIfAbsent(d.app().value() + "/" + d.env().value(),
                k -> protectedOf(d.app(), d.env(), envIndex)).contains(d.id().value());
    }

    /** What runs in an environment (its newest succeeded deployment) and its known-good release's deployment. */
    private Set<String> protectedOf(AppName app, EnvName env, String envIndex) {
        Set<String> ids = new java.util.HashSet<>();
        records.knownGood(app, env).ifPresent(g -> ids.add(g.deployment().value()));
        long offset = 0;
        while (true) {
            List<String> page = redis.sortedSet(String.class).zrange(envIndex, offset, offset + PAGE - 1,
                    new ZRangeArgs().rev());
            if (page.isEmpty()) {
                return ids;
            }
            for (String id : page) {
                Optional<Deployment> d = store.find(new DeploymentId(id));
                if (d.isPresent() && d.get().status() == DeploymentStatus.SUCCEEDED) {
                    ids.add(id);
                    return ids;
                }
            }
            offset += page.size();
        }
    }

    private void remove(Deployment d) {
        String id = d.id().value();
        redis.withTransaction(tx -> {
            tx.key().del(keys.deployment(id), keys.deploymentLog(id));
            tx.sortedSet(String.class).zrem(keys.deploymentIndex(), id);
            tx.sortedSet(String.class).zrem(keys.deploymentIndex(d.app().value()), id);
            tx.sortedSet(String.class).zrem(keys.deploymentIndex(d.app().value(), d.env().value()), id);
        });
    }
}
