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
import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Queues deploy tasks: records the deployment as queued, makes it the newest for its app environment (older queued
 * ones will be superseded), and appends a task to the deploy stream.
 */
@ApplicationScoped
public class DeployQueue {

    private final RedisDataSource redis;
    private final RedisKeys keys;
    private final DeploymentStore store;
    private final Clock clock;
    private final AppCatalog catalog;

    public DeployQueue(RedisDataSource redis, RedisKeys keys, DeploymentStore store, Clock clock,
            AppCatalog catalog) {
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
        redis.stream(String.class).xadd(keys.deployTasks(), Map.of("deployment", d.id().value()));
        store.log(d.id(), "berth", "queued: " + r.reason() + " (" + r.image().repository() + "@" + r.digest() + ")");
        return d;
    }

    /** The newest deployment queued for app/env, if any. */
    public Optional<DeploymentId> latest(AppName app, EnvName env) {
        return Optional.ofNullable(redis.value(String.class).get(keys.latestDeployment(app.value(), env.value())))
                .map(DeploymentId::new);
    }
}
