package dev.berth.deploy;

import dev.berth.config.AppCatalog;
import dev.berth.config.AppDefinition;
import dev.berth.domain.AppName;
import dev.berth.domain.DeploymentId;
import dev.berth.domain.Digest;
import dev.berth.domain.EnvName;
import dev.berth.domain.ImageRef;
import dev.berth.domain.ReleaseId;
import dev.berth.events.RedisKeys;
import dev.berth.reconcile.EnvStatus;
import dev.berth.reconcile.EnvStatusStore;
import dev.berth.reconcile.ReconcileQueue;
import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Records deploy intents: the deployment as queued, the newest for its app environment, and the environment's desired
 * state in its status record (an older deployment that did not start yet is superseded right away); then asks the
 * reconciler to look at the environment. Nothing waits for the deploy itself.
 */
@ApplicationScoped
public class DeployQueue {

    private final RedisDataSource redis;
    private final RedisKeys keys;
    private final DeploymentStore store;
    private final Clock clock;
    private final AppCatalog catalog;
    private final EnvStatusStore statuses;
    private final ReconcileQueue reconcile;
    private final DeploymentLifecycle lifecycle;

    public DeployQueue(RedisDataSource redis, RedisKeys keys, DeploymentStore store, Clock clock,
            AppCatalog catalog, EnvStatusStore statuses, ReconcileQueue reconcile, DeploymentLifecycle lifecycle) {
        this.statuses = statuses;
        this.reconcile = reconcile;
        this.lifecycle = lifecycle;
        this.redis = redis;
        this.keys = keys;
        this.store = store;
        this.clock = clock;
        this.catalog = catalog;
    }

    /** What to deploy, and why. */
    public record Request(AppName app, EnvName env, ImageRef image, String tag, Digest digest, List<String> hosts,
            String trigger, String reason) {
    }

    /** Records the deployment (with the hash of the compose.yaml in use, which the deploy ships) and queues it. */
    public Deployment enqueue(Request r) {
        Instant now = clock.instant();
        String compose = catalog.find(r.app()).map(AppDefinition::composeSha256).orElse(null);
        Deployment d = new Deployment(DeploymentId.next(now), r.app(), r.env(), r.image(), r.tag(), r.digest(),
                ReleaseId.of(now, r.digest()), r.hosts(), DeploymentStatus.QUEUED, now, null, null, r.trigger(),
                r.reason(), null, compose);
        store.save(d);
        redis.value(String.class).set(keys.latestDeployment(r.app().value(), r.env().value()), d.id().value());
        store.log(d.id(), "berth", "queued: " + r.reason() + " (" + r.image().repository() + "@" + r.digest() + ")");
        EnvStatus.Desired desired = new EnvStatus.Desired(d.id().value(), d.digest().value(), d.tag(),
                d.releaseId().value(), compose, r.reason());
        String[] before = new String[1];
        statuses.update(r.app(), r.env(), s -> {
            before[0] = s.desired() == null ? null : s.desired().deployment();
            return s.withDesired(desired);
        });
        if (before[0] != null && !before[0].equals(d.id().value())) {
            store.find(new DeploymentId(before[0])).filter(old -> old.status() == DeploymentStatus.QUEUED)
                    .ifPresent(old -> lifecycle.finish(old, DeploymentStatus.SUPERSEDED, "superseded by " + d.id()));
        }
        reconcile.enqueue(r.app(), r.env(), now);
        return d;
    }

    /** The newest deployment queued for app/env, if any. */
    public Optional<DeploymentId> latest(AppName app, EnvName env) {
        return Optional.ofNullable(redis.value(String.class).get(keys.latestDeployment(app.value(), env.value())))
                .map(DeploymentId::new);
    }
}
