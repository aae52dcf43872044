package dev.berth.promote;

import dev.berth.config.EnvironmentSpec;
import dev.berth.deploy.Deployment;
import dev.berth.deploy.DeploymentStore;
import dev.berth.domain.AppName;
import dev.berth.domain.EnvName;
import dev.berth.domain.DeploymentId;
import dev.berth.events.RedisKeys;
import dev.berth.reconcile.EnvStatus;
import dev.berth.reconcile.EnvStatusStore;
import dev.berth.reconcile.Phase;
import dev.berth.reconcile.Phases;
import dev.berth.verify.Guard;
import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the guard reads and writes per probe, with as few Redis calls as honesty allows: the environment's current
 * deployment, named by its status record (finished deployment records are cached: they do not change), and the guard
 * state hash ({@code berth:guard:<app>:<env>}), written only when the state changed; a change of health moves the
 * record's phase (healthy, degraded).
 */
@ApplicationScoped
public class GuardStates {

    private final RedisDataSource redis;
    private final RedisKeys keys;
    private final DeploymentStore store;
    private final EnvStatusStore statuses;
    private final Phases phases;
    /** Finished deployments by id (their records do not change), so a probe reads one hash, not two. */
    private final Map<String, Deployment> finished = new ConcurrentHashMap<>();

    public GuardStates(RedisDataSource redis, RedisKeys keys, DeploymentStore store, EnvStatusStore statuses,
            Phases phases) {
        this.redis = redis;
        this.keys = keys;
        this.store = store;
        this.statuses = statuses;
        this.phases = phases;
    }

    /**
     * What {@code env} runs, from its status record ({@code current}): empty when nothing ran yet, or while its
     * reconciler is busy there (a deploy, its verification, a pending or failed rollback): the guard waits.
     */
    public Optional<Deployment> current(AppName app, EnvName env) {
        EnvStatus s = statuses.read(app, env);
        if (s.current() == null || s.rollback() != null || BUSY.contains(s.phase())) {
            return Optional.empty();
        }
        Deployment cached = finished.get(s.current().deployment());
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<Deployment> found = store.find(new DeploymentId(s.current().deployment()));
        found.filter(d -> d.status().terminal()).ifPresent(d -> {
            if (finished.size() > 10_000) {
                finished.clear();
            }
            finished.put(d.id().value(), d);
        });
        return found;
    }

    /** Phases in which the reconciler works on the environment. */
    private static final java.util.Set<Phase> BUSY = java.util.EnumSet.of(Phase.DEPLOYING, Phase.VERIFYING,
            Phase.ROLLING_BACK, Phase.ROLLBACK_FAILED);

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
            if (loaded.saved() == null || !next.health().name().equals(loaded.saved().get("health"))) {
                phases.guarded(app, env, next.health());
            }
        }
    }
}
