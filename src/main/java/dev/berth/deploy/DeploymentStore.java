package dev.berth.deploy;

import dev.berth.domain.AppName;
import dev.berth.domain.DeploymentId;
import dev.berth.domain.EnvName;
import dev.berth.events.RedisKeys;
import dev.berth.reconcile.EnvStatus;
import dev.berth.reconcile.EnvStatusStore;
import dev.berth.reconcile.Phase;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.sortedset.ZRangeArgs;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.XAddArgs;
import io.quarkus.redis.datasource.stream.XReadArgs;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Deployment records in Redis: one hash per deployment, sorted-set indexes by time (overall and per app
 * environment), and one stream of log lines per deployment. Blocking: call from worker threads.
 */
@ApplicationScoped
public class DeploymentStore {

    /** Log lines kept per deployment (approximate); a deploy that prints more keeps the newest. */
    static final long MAX_LOG_LINES = 10_000;
    /** Marker field of the last log entry of a finished deployment, so live readers know to stop. */
    public static final String END_FIELD = "end";

    private final RedisDataSource redis;
    private final RedisKeys keys;
    private final EnvStatusStore statuses;

    public DeploymentStore(RedisDataSource redis, RedisKeys keys, EnvStatusStore statuses) {
        this.redis = redis;
        this.keys = keys;
        this.statuses = statuses;
    }

    public void save(Deployment d) {
        redis.withTransaction(tx -> {
            tx.hash(String.class).hset(keys.deployment(d.id().value()), d.toFields());
            if (d.error() == null) {
                tx.hash(String.class).hdel(keys.deployment(d.id().value()), "error");
            }
            double score = d.createdAt().toEpochMilli();
            tx.sortedSet(String.class).zadd(keys.deploymentIndex(), score, d.id().value());
            tx.sortedSet(String.class).zadd(keys.deploymentIndex(d.app().value()), score, d.id().value());
            tx.sortedSet(String.class).zadd(keys.deploymentIndex(d.app().value(), d.env().value()), score,
                    d.id().value());
        });
        if (d.status() == DeploymentStatus.SUCCEEDED) {
            runs(d);
        }
    }

    /**
     * A succeeded deployment is what its environment runs, unless a newer one already is: the status record's
     * {@code current} follows (the one place that says what runs; nothing searches the history for it).
     */
    private void runs(Deployment d) {
        EnvStatus.Release release = new EnvStatus.Release(d.id().value(), d.digest().value(), d.releaseId().value(),
                d.tag());
        statuses.update(d.app(), d.env(), s -> {
            if (s.current() != null && new DeploymentId(s.current().deployment()).epochMillis()
                    > d.id().epochMillis()) {
                return s;
            }
            EnvStatus next = s.withCurrent(release);
            return next.phase() == Phase.IDLE ? next.withPhase(Phase.HEALTHY) : next;
        });
    }

    public Optional<Deployment> find(DeploymentId id) {
        Map<String, String> fields = redis.hash(String.class).hgetall(keys.deployment(id.value()));
        return fields == null || fields.isEmpty() ? Optional.empty() : Optional.of(Deployment.fromFields(fields));
    }

    /** Newest first; {@code app} and {@code env} narrow the list when given (env needs app). */
    public List<Deployment> list(Optional<AppName> app, Optional<EnvName> env, int limit) {
        List<Deployment> out = new ArrayList<>();
        String index = app.isEmpty() ? keys.deploymentIndex()
                : env.isEmpty() ? keys.deploymentIndex(app.get().value())
                : keys.deploymentIndex(app.get().value(), env.get().value());
        List<String> ids = redis.sortedSet(String.class).zrange(index, 0, limit - 1L, new ZRangeArgs().rev());
        for (String id : ids) {
            find(new DeploymentId(id)).ifPresent(out::add);
        }
        return out;
    }

    /** Keeps the incident note of a deployment that was rolled back. */
    public void incident(DeploymentId id, String note) {
        redis.hash(String.class).hset(keys.deployment(id.value()), "incident", note);
    }

    public Optional<String> incident(DeploymentId id) {
        return Optional.ofNullable(redis.hash(String.class).hget(keys.deployment(id.value()), "incident"));
    }

    /** Appends one log line ({@code stream} is stdout, stderr or berth). */
    public void log(DeploymentId id, String stream, String line) {
        redis.stream(String.class).xadd(keys.deploymentLog(id.value()),
                new XAddArgs().maxlen(MAX_LOG_LINES).nearlyExactTrimming(),
                Map.of("at", Instant.now().toString(), "stream", stream, "line", line));
    }

    /** Marks the end of a deployment's log. */
    public void endLog(DeploymentId id, String status) {
        redis.stream(String.class).xadd(keys.deploymentLog(id.value()),
                Map.of("at", Instant.now().toString(), "stream", "berth", "line", "deployment " + status,
                        END_FIELD, status));
    }

    /** Log entries after {@code afterId} ("0" for all), waiting up to {@code block} for new ones when none. */
    public List<StreamMessage<String, String, String>> readLog(DeploymentId id, String afterId, int count,
            Duration block) {
        XReadArgs args = new XReadArgs().count(count);
        if (!block.isZero()) {
            args.block(block);
        }
        return redis.stream(String.class).xread(keys.deploymentLog(id.value()), afterId, args);
    }
}
