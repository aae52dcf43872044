package dev.berth.reconcile;

import dev.berth.domain.AppName;
import dev.berth.domain.EnvName;
import dev.berth.events.RedisKeys;
import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The work queue of the reconciler, shared by every replica: a sorted set of {@code app/env} keys scored by when
 * they are due. Enqueueing only ever moves a key earlier, so "look at this again now" always wins over a later
 * retry. The key of an environment being worked on stays in the set with a safety due time (the lease TTL), so a
 * replica that dies mid-step leaves it due again for another.
 */
@ApplicationScoped
public class ReconcileQueue {

    /** ZADD only when absent or earlier. */
    private static final String EARLIER = """
            local s = redis.call('ZSCORE', KEYS[1], ARGV[2])
            if (not s) or tonumber(s) > tonumber(ARGV[1]) then
              redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
              return 1
            end
            return 0
            """;
    /**
     * Ends a worker's turn on a key: when its score is still the worker's safety due time (nobody enqueued it
     * meanwhile), sets the next due time, or removes it when there is none; else keeps the earlier of the two.
     */
    private static final String FINISH = """
            local s = redis.call('ZSCORE', KEYS[1], ARGV[2])
            if s and tonumber(s) == tonumber(ARGV[1]) then
              if ARGV[3] == '' then redis.call('ZREM', KEYS[1], ARGV[2]) else redis.call('ZADD', KEYS[1], ARGV[3], ARGV[2]) end
              return 1
            end
            if ARGV[3] ~= '' and ((not s) or tonumber(s) > tonumber(ARGV[3])) then
              redis.call('ZADD', KEYS[1], ARGV[3], ARGV[2])
            end
            return 0
            """;

    private final RedisDataSource redis;
    private final RedisKeys keys;

    public ReconcileQueue(RedisDataSource redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    /** An environment key in the queue. */
    public record Key(AppName app, EnvName env) {
        static Key parse(String member) {
            int slash = member.indexOf('/');
            return new Key(new AppName(member.substring(0, slash)), new EnvName(member.substring(slash + 1)));
        }

        String member() {
            return app.value() + "/" + env.value();
        }

        @Override
        public String toString() {
            return member();
        }
    }

    /** Asks for app/env to be reconciled at {@code due} (or earlier, when it already is). */
    public void enqueue(AppName app, EnvName env, Instant due) {
        redis.execute("EVAL", EARLIER, "1", keys.reconcileQueue(), Long.toString(due.toEpochMilli()),
                new Key(app, env).member());
    }

    /** Up to {@code limit} keys due at {@code now}, earliest first. */
    public List<Key> due(Instant now, int limit) {
        Object r = redis.execute("ZRANGEBYSCORE", keys.reconcileQueue(), "-inf", Long.toString(now.toEpochMilli()),
                "LIMIT", "0", Integer.toString(limit));
        List<Key> out = new ArrayList<>();
        if (r instanceof Iterable<?> members) {
            for (Object m : members) {
                try {
                    out.add(Key.parse(m.toString()));
                } catch (RuntimeException e) {
                    redis.execute("ZREM", keys.reconcileQueue(), m.toString());
                }
            }
        }
        return out;
    }

    /** Sets the due time of {@code key} unconditionally (a worker's safety due time while it works on it). */
    public void hold(Key key, long dueMillis) {
        redis.execute("ZADD", keys.reconcileQueue(), Long.toString(dueMillis), key.member());
    }

    /** Ends a turn on {@code key} held with {@code heldMillis}: next due at {@code next} (null: nothing to do). */
    public void finish(Key key, long heldMillis, Instant next) {
        redis.execute("EVAL", FINISH, "1", keys.reconcileQueue(), Long.toString(heldMillis), key.member(),
                next == null ? "" : Long.toString(next.toEpochMilli()));
    }

    /** The due time of app/env, if queued. */
    public java.util.Optional<Instant> dueAt(AppName app, EnvName env) {
        Object r = redis.execute("ZSCORE", keys.reconcileQueue(), new Key(app, env).member());
        return r == null ? java.util.Optional.empty()
                : java.util.Optional.of(Instant.ofEpochMilli((long) Double.parseDouble(r.toString())));
    }

    /** Keys in the queue (due or not): the queue depth. */
    public long size() {
        Object r = redis.execute("ZCARD", keys.reconcileQueue());
        return r == null ? 0 : Long.parseLong(r.toString());
    }
}
