package dev.berth.promote;

import dev.berth.domain.AppName;
import dev.berth.domain.DeploymentId;
import dev.berth.domain.Digest;
import dev.berth.domain.EnvName;
import dev.berth.events.RedisKeys;
import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The soaks in progress, one per environment, in Redis (so they survive a restart of berth). Starting a soak
 * replaces the environment's previous one: the newer verified deployment wins. Blocking: call from worker threads.
 */
@ApplicationScoped
public class Soaks {

    private final RedisDataSource redis;
    private final RedisKeys keys;

    public Soaks(RedisDataSource redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    /** Starts (or replaces) the soak of {@code env}. */
    public void start(AppName app, EnvName env, Soak soak) {
        String key = keys.soak(app.value(), env.value());
        redis.withTransaction(tx -> {
            tx.key().del(key);
            tx.hash(String.class).hset(key, fields(soak));
        });
    }

    /** Saves the progress of {@code soak}, unless another deployment's soak replaced it meanwhile. */
    public void update(AppName app, EnvName env, Soak soak) {
        String key = keys.soak(app.value(), env.value());
        if (soak.deployment().value().equals(redis.hash(String.class).hget(key, "deployment"))) {
            redis.hash(String.class).hset(key, "passes", Integer.toString(soak.passes()));
        }
    }

    public Optional<Soak> find(AppName app, EnvName env) {
        Map<String, String> f = redis.hash(String.class).hgetall(keys.soak(app.value(), env.value()));
        if (f == null || f.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Soak(new DeploymentId(f.get("deployment")), new Digest(f.get("digest")),
                f.get("tag").isEmpty() ? null : f.get("tag"), Instant.parse(f.get("startedAt")),
                Instant.parse(f.get("until")), Integer.parseInt(f.getOrDefault("passes", "0"))));
    }

    /**
     * Ends the soak of {@code deployment} in {@code env}: true when this call removed it (so only one caller acts on
     * its end), false when it was gone or belongs to another deployment.
     */
    public boolean end(AppName app, EnvName env, DeploymentId deployment) {
        String key = keys.soak(app.value(), env.value());
        if (!deployment.value().equals(redis.hash(String.class).hget(key, "deployment"))) {
            return false;
        }
        return redis.key().del(key) == 1;
    }

    private static Map<String, String> fields(Soak soak) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("deployment", soak.deployment().value());
        f.put("digest", soak.digest().value());
        f.put("tag", soak.tag() == null ? "" : soak.tag());
        f.put("startedAt", soak.startedAt().toString());
        f.put("until", soak.until().toString());
        f.put("passes", Integer.toString(soak.passes()));
        return f;
    }
}
