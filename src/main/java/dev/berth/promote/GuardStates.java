package dev.berth.promote;

import dev.berth.config.EnvironmentSpec;
import dev.berth.deploy.Deployment;
import dev.berth.deploy.DeploymentStatus;
import dev.berth.deploy.DeploymentStore;
import dev.berth.domain.AppName;
import dev.berth.domain.EnvName;
import dev.berth.events.RedisKeys;
import dev.berth.verify.Guard;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.sortedset.ZRangeArgs;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the guard reads and writes per probe, with as few Redis calls as honesty allows: the environment's current
 * (newest succeeded) deployment, found by one {@code ZRANGE} of the newest id when that id did not change since the
 * last probe (deployment records of finished deployments do not change), and the guard state hash
 * ({@code berth:guard:<app>:<env>}), written only when the state changed.
 */
@ApplicationScoped
public class GuardStates {

    /** Deployments searched for the newest succeeded one when the newest changed. */
    static final int SEARCHED = 20;

    /** The current deployment as found when the environment's newest deployment id was {@code newest}. */
    private record Current(String newest, Optional<Deployment> deployment) {
    }

    private final RedisDataSource redis;
    private final RedisKeys keys;
    private final DeploymentStore store;
    private final Map<String, Current> currents = new ConcurrentHashMap<>();

    public GuardStates(RedisDataSource redis, RedisKeys keys, DeploymentStore store) {
        this.redis = redis;
        this.keys = keys;
        this.store = store;
    }

    /** The newest succeeded deployment of {@code env}, if any. */
    public Optional<Deployment> current(AppName app, EnvName env) {
        String id = app.value() + "/" + env.value();
        List<String> newest = redis.sortedSet(String.class).zrange(keys.deploymentIndex(app.value(), env.value()),
                0, 0, new ZRangeArgs().rev());
        if (newest.isEmpty()) {
            currents.remove(id);
            return Optional.empty();
        }
        Current cached = currents.get(id);
        if (cached != null && cached.newest().equals(newest.get(0))) {
            return cached.deployment();
        }
        List<Deployment> recent = store.list(Optional.of(app), Optional.of(env), SEARCHED);
        Optional<Deployment> current = recent.stream().filter(d -> d.status() == DeploymentStatus.SUCCEEDED)
                .findFirst();
        // Only a finished newest deployment can be cached: a queued or running one changes status under the same id.
        if (!recent.isEmpty() && recent.get(0).id().value().equals(newest.get(0)) && recent.get(0).status().terminal()) {
            currents.put(id, new Current(newest.get(0), current));
        } else {
            currents.remove(id);
        }
        return current;
    }

    /** The guard state of {@code current}; a new deployment starts a fresh guard. Also returns what was saved. */
    public Loaded load(AppName app, EnvName env, Deployment current, EnvironmentSpec spec) {
        Map<String, String> saved = redis.hash(String.class).hgetall(keys.guard(app.value(), env.value()));
        Instant deployedAt = current.finishedAt() == null ? current.createdAt() : current.finishedAt();
        Guard fresh = Guard.watching(deployedAt, spec.rollback().window(), spec.rollback().failures());
        if (saved == null || !current.id().value().equals(saved.get("deployment"))) {
            return new Loaded(fresh, saved);
        }
        return new Loaded(new Guard(deployedAt, spec.rollback().window(), spec.rollback().failures(),
                Integer.parseInt(saved.getOrDefault("failStreak", "0")),
                Guard.Health.valueOf(saved.getOrDefault("health", "HEALTHY")),
                Boolean.parseBoolean(saved.getOrDefault("acted", "false"))), saved);
    }

    /** A guard state and the hash it was read from (null or empty when none). */
    public record Loaded(Guard guard, Map<String, String> saved) {
    }

    /** Saves {@code next} for {@code current}, unless the hash already holds exactly that. */
    public void save(AppName app, EnvName env, Deployment current, Loaded loaded, Guard next) {
        Map<String, String> fields = Map.of("deployment", current.id().value(),
                "failStreak", Integer.toString(next.failStreak()), "health", next.health().name(),
                "acted", Boolean.toString(next.acted()));
        if (!fields.equals(loaded.saved())) {
            redis.hash(String.class).hset(keys.guard(app.value(), env.value()), fields);
        }
    }
}
