package dev.berth.promote;

import dev.berth.domain.AppName;
import dev.berth.domain.Digest;
import dev.berth.domain.EnvName;
import dev.berth.events.RedisKeys;
import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * Separation of duties ({@code approval: {required: true, distinct: true}}): who asked for the promotion of a digest
 * into an environment, so that none of them can approve it. Recorded before the promotion is requested (an approval
 * racing the promote call still sees the requester); kept as long as an approval may wait.
 */
@ApplicationScoped
public class ApprovalRequesters {

    /** Longest an approval may wait ({@code approvalExpiry} is at most 30 days). */
    static final Duration KEEP = Duration.ofDays(31);

    private final RedisDataSource redis;
    private final RedisKeys keys;

    public ApprovalRequesters(RedisDataSource redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    public void add(AppName app, EnvName env, Digest digest, String identity) {
        String key = keys.approvalRequesters(app.value(), env.value(), digest.value());
        redis.set(String.class).sadd(key, identity);
        redis.key().expire(key, KEEP);
    }

    public boolean requested(AppName app, EnvName env, Digest digest, String identity) {
        return redis.set(String.class).sismember(keys.approvalRequesters(app.value(), env.value(), digest.value()),
                identity);
    }

    /** Forgets the requesters once the promotion was approved. */
    public void clear(AppName app, EnvName env, Digest digest) {
        redis.key().del(keys.approvalRequesters(app.value(), env.value(), digest.value()));
    }
}
