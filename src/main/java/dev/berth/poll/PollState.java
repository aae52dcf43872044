package dev.berth.poll;

import dev.berth.events.RedisKeys;
import io.quarkus.redis.datasource.RedisDataSource;
import java.util.Optional;

/**
 * The last observation per app, in one Redis hash ({@code berth:poll:state}), so a replica that takes over the lease
 * (or a restart) neither repeats a push nor loses the baseline of the safety net.
 */
final class PollState {

    private final RedisDataSource redis;
    private final RedisKeys keys;

    PollState(RedisDataSource redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    Optional<Observation> last(String app) {
        return Observation.parse(redis.hash(String.class).hget(keys.pollState(), app));
    }

    void save(String app, Observation observation) {
        redis.hash(String.class).hset(keys.pollState(), app, observation.wire());
    }
}
