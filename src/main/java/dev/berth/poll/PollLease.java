package dev.berth.poll;

import dev.berth.events.RedisKeys;
import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.UUID;

/**
 * Polling runs on one replica at a time: the holder of {@code berth:lease:poll} renews it every tick; when it stops,
 * the lease lapses after {@code berth.poll.lease-ttl} and another replica takes it.
 */
@ApplicationScoped
public class PollLease {

    /** Renews the lease when this node holds it, takes it when nobody does. 1 when held afterwards. */
    static final String SCRIPT = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              redis.call('PEXPIRE', KEYS[1], ARGV[2])
              return 1
            end
            if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
              return 1
            end
            return 0
            """;

    private final String node = ManagementFactory.getRuntimeMXBean().getName() + ":" + UUID.randomUUID();
    private final RedisDataSource redis;
    private final RedisKeys keys;

    public PollLease(RedisDataSource redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    /** Takes or renews the lease; true while this replica polls. */
    boolean hold(Duration ttl) {
        Object held = redis.execute("EVAL", SCRIPT, "1", keys.pollLease(), node, Long.toString(ttl.toMillis()));
        return held != null && "1".equals(held.toString());
    }
}
