package dev.berth.promote;

import dev.berth.deploy.Deployment;
import dev.berth.domain.AppName;
import dev.berth.domain.DeploymentId;
import dev.berth.domain.Digest;
import dev.berth.domain.EnvName;
import dev.berth.events.RedisKeys;
import dev.berth.reconcile.EnvStatus;
import dev.berth.reconcile.EnvStatusStore;
import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What berth knows about each environment beyond single deployments: its last known-good release, the digests
 * verified there (candidates for promotion), the app's quarantined digests, and a promotion waiting for approval.
 */
@ApplicationScoped
public class EnvironmentRecords {

    /** The last known-good release of an environment. */
    public record KnownGood(DeploymentId deployment, Digest digest, String release, String tag, Instant at) {
    }

    /** A promotion of a verified digest into an environment, waiting for POST .../approve. */
    public record Approval(DeploymentId from, Digest digest, String tag, Instant requestedAt, Instant expiresAt) {
        public boolean expired(Instant now) {
            return expiresAt != null && !now.isBefore(expiresAt);
        }
    }

    private final RedisDataSource redis;
    private final RedisKeys keys;
    private final EnvStatusStore statuses;

    public EnvironmentRecords(RedisDataSource redis, RedisKeys keys, EnvStatusStore statuses) {
        this.redis = redis;
        this.keys = keys;
        this.statuses = statuses;
    }

    public void markGood(Deployment d, Instant at) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("deployment", d.id().value());
        f.put("digest", d.digest().value());
        f.put("release", d.releaseId().value());
        f.put("tag", d.tag() == null ? "" : d.tag());
        f.put("at", at.toString());
        redis.hash(String.class).hset(keys.knownGood(d.app().value(), d.env().value()), f);
        redis.sortedSet(String.class).zadd(keys.verified(d.app().value(), d.env().value()), at.toEpochMilli(),
                d.digest().value());
        EnvStatus.Release good = new EnvStatus.Release(d.id().value(), d.digest().value(), d.releaseId().value(),
                d.tag());
        statuses.update(d.app(), d.env(), s -> s.withKnownGood(good));
    }

    /** Whether {@code env} has a known-good release (one EXISTS, for the guard's per-probe check). */
    public boolean hasKnownGood(AppName app, EnvName env) {
        return redis.key().exists(keys.knownGood(app.value(), env.value()));
    }

    public Optional<KnownGood> knownGood(AppName app, EnvName env) {
        Map<String, String> f = redis.hash(String.class).hgetall(keys.knownGood(app.value(), env.value()));
        if (f == null || f.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new KnownGood(new DeploymentId(f.get("deployment")), new Digest(f.get("digest")),
                f.get("release"), f.get("tag").isEmpty() ? null : f.get("tag"), Instant.parse(f.get("at"))));
    }

    /** Whether {@code digest} passed verification in {@code env}. */
    public boolean verified(AppName app, EnvName env, Digest digest) {
        return redis.sortedSet(String.class).zscore(keys.verified(app.value(), env.value()), digest.value())
                .isPresent();
    }

    public void quarantine(AppName app, Digest digest, String reason) {
        redis.hash(String.class).hset(keys.quarantine(app.value()), digest.value(), reason);
    }

    public Optional<String> quarantined(AppName app, Digest digest) {
        return Optional.ofNullable(redis.hash(String.class).hget(keys.quarantine(app.value()), digest.value()));
    }

    /** Lifts a quarantine (an operator's explicit override). */
    public void release(AppName app, Digest digest) {
        redis.hash(String.class).hdel(keys.quarantine(app.value()), digest.value());
    }

    public Map<String, String> quarantined(AppName app) {
        Map<String, String> all = redis.hash(String.class).hgetall(keys.quarantine(app.value()));
        return all == null ? Map.of() : all;
    }

    public void requestApproval(AppName app, EnvName env, Approval a) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("from", a.from().value());
        f.put("digest", a.digest().value());
        f.put("tag", a.tag() == null ? "" : a.tag());
        f.put("requestedAt", a.requestedAt().toString());
        f.put("expiresAt", a.expiresAt() == null ? "" : a.expiresAt().toString());
        String key = keys.approval(app.value(), env.value());
        redis.key().del(key);
        redis.hash(String.class).hset(key, f);
    }

    public Optional<Approval> approval(AppName app, EnvName env) {
        Map<String, String> f = redis.hash(String.class).hgetall(keys.approval(app.value(), env.value()));
        if (f == null || f.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Approval(new DeploymentId(f.get("from")), new Digest(f.get("digest")),
                f.get("tag").isEmpty() ? null : f.get("tag"), Instant.parse(f.get("requestedAt")),
                f.get("expiresAt").isEmpty() ? null : Instant.parse(f.get("expiresAt"))));
    }

    /** Removes and returns the waiting approval (so two approvers cannot release it twice). */
    public Optional<Approval> takeApproval(AppName app, EnvName env) {
        Optional<Approval> a = approval(app, env);
        if (a.isPresent() && redis.key().del(keys.approval(app.value(), env.value())) == 0) {
            return Optional.empty();
        }
        return a;
    }
}
