package dev.berth.promote;

import dev.berth.domain.AppName;
import dev.berth.domain.DeploymentId;
import dev.berth.domain.Digest;
import dev.berth.domain.EnvName;
import dev.berth.events.RedisKeys;
import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What berth knows for its CI gates, in Redis: the conclusions of completed GitHub workflow runs per repository,
 * commit and workflow (kept {@code berth.ci.keep}, 30 days by default), and the promotions waiting for them (one per environment; a newer one
 * replaces it).
 */
@ApplicationScoped
public class CiRuns {

    /** A Git commit id: SHA-1 (40 hex) or SHA-256 (64 hex) object names. */
    private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");

    /** A promotion into an environment waiting for its CI gate. */
    public record Waiting(DeploymentId from, Digest digest, String tag, String repository, String sha, String why,
            Instant requestedAt) {
    }

    private final RedisDataSource redis;
    private final RedisKeys keys;
    private final Duration ttl;

    public CiRuns(RedisDataSource redis, RedisKeys keys, CiGateConfig config) {
        this.redis = redis;
        this.keys = keys;
        this.ttl = config.keep();
    }

    /** The commit id of {@code text} lowercased, or empty when it is not a full commit id. */
    public static Optional<String> sha(String text) {
        String sha = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        return SHA.matcher(sha).matches() ? Optional.of(sha) : Optional.empty();
    }

    /** Records the conclusion of a completed run of {@code workflow}; the latest run of a workflow wins. */
    public void record(String repository, String sha, String workflow, String conclusion) {
        String key = keys.ciRuns(repository.toLowerCase(Locale.ROOT), sha);
        redis.hash(String.class).hset(key, workflow, conclusion);
        redis.key().expire(key, ttl);
    }

    /** Workflow name to conclusion of the completed runs of a commit. */
    public Map<String, String> runs(String repository, String sha) {
        Map<String, String> runs = redis.hash(String.class).hgetall(keys.ciRuns(repository, sha));
        return runs == null ? Map.of() : runs;
    }

    /** Records (or replaces) the promotion into {@code env} waiting for CI runs of its commit. */
    public void await(AppName app, EnvName env, Waiting w) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("from", w.from().value());
        f.put("digest", w.digest().value());
        f.put("tag", w.tag() == null ? "" : w.tag());
        f.put("repository", w.repository());
        f.put("sha", w.sha());
        f.put("why", w.why());
        f.put("requestedAt", w.requestedAt().toString());
        String key = keys.ciWaiting(app.value(), env.value());
        redis.key().del(key);
        redis.hash(String.class).hset(key, f);
        redis.key().expire(key, ttl);
        String waiters = keys.ciWaiters(w.repository(), w.sha());
        redis.set(String.class).sadd(waiters, app.value() + ":" + env.value());
        redis.key().expire(waiters, ttl);
    }

    public Optional<Waiting> waiting(AppName app, EnvName env) {
        Map<String, String> f = redis.hash(String.class).hgetall(keys.ciWaiting(app.value(), env.value()));
        if (f == null || f.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Waiting(new DeploymentId(f.get("from")), new Digest(f.get("digest")),
                f.get("tag").isEmpty() ? null : f.get("tag"), f.get("repository"), f.get("sha"), f.get("why"),
                Instant.parse(f.get("requestedAt"))));
    }

    /**
     * Removes and returns the waiting promotion when it is still {@code expected} (so that two replicas, or a
     * promotion and the event that releases it, never both act on it).
     */
    public boolean take(AppName app, EnvName env, Waiting expected) {
        String key = keys.ciWaiting(app.value(), env.value());
        if (!waiting(app, env).map(expected::equals).orElse(false)) {
            return false;
        }
        redis.set(String.class).srem(keys.ciWaiters(expected.repository(), expected.sha()),
                app.value() + ":" + env.value());
        return redis.key().del(key) == 1;
    }

    /** {@code app:env} of the environments whose promotion waits for CI runs of this commit. */
    public Set<String> waiters(String repository, String sha) {
        return redis.set(String.class).smembers(keys.ciWaiters(repository.toLowerCase(Locale.ROOT), sha));
    }

    /** Forgets that {@code app:env} waits for this commit (its waiting promotion was replaced or released). */
    public void forget(String repository, String sha, String appEnv) {
        redis.set(String.class).srem(keys.ciWaiters(repository.toLowerCase(Locale.ROOT), sha), appEnv);
    }
}
