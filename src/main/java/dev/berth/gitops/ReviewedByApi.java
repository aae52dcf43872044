package dev.berth.gitops;

import dev.berth.events.RedisKeys;
import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The reviewed commit an admin set through {@code POST /api/v1/state/reviewed} (marker review mode): an alternative
 * to the marker file, shared by every replica through Redis. The gate honours it like a reviewer-signed marker.
 */
@ApplicationScoped
public class ReviewedByApi {

    private static final Pattern COMMIT_ID = Pattern.compile("[0-9a-f]{40}");

    /** What an admin marked reviewed, by whom and when. */
    public record Marked(String sha, String by, String at) {
    }

    private final RedisDataSource redis;
    private final RedisKeys keys;
    private final Clock clock;

    public ReviewedByApi(RedisDataSource redis, RedisKeys keys, Clock clock) {
        this.redis = redis;
        this.keys = keys;
        this.clock = clock;
    }

    /** Records {@code sha} (40 lowercase hex, else IllegalArgumentException) as reviewed by {@code by}. */
    public Marked mark(String sha, String by) {
        if (sha == null || !COMMIT_ID.matcher(sha).matches()) {
            throw new IllegalArgumentException("sha must be a full commit id (40 lowercase hex characters)");
        }
        Marked m = new Marked(sha, by, clock.instant().toString());
        redis.hash(String.class).hset(keys.stateReviewed(), Map.of("sha", m.sha(), "by", m.by(), "at", m.at()));
        return m;
    }

    /** The commit an admin marked reviewed, if any. */
    public Optional<Marked> current() {
        Map<String, String> f = redis.hash(String.class).hgetall(keys.stateReviewed());
        if (f == null || f.get("sha") == null) {
            return Optional.empty();
        }
        return Optional.of(new Marked(f.get("sha"), f.getOrDefault("by", "?"), f.getOrDefault("at", "?")));
    }
}
