package dev.berth.notify;

import dev.berth.events.RedisKeys;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.XAddArgs;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Where every state change of berth is written for the notifiers: an entry of the notifications stream. Publishing
 * is an {@code XADD}; delivery happens later, on the notifier threads, so a slow or broken chat never holds up a
 * deploy, and a restart of berth loses nothing that was published. Blocking: call it from a worker thread.
 */
@ApplicationScoped
public class NotificationOutbox {

    private final RedisDataSource redis;
    private final RedisKeys keys;
    private final NotifyConfig config;

    public NotificationOutbox(RedisDataSource redis, RedisKeys keys, NotifyConfig config) {
        this.redis = redis;
        this.keys = keys;
        this.config = config;
    }

    /** Appends the notification to the outbox and returns its stream entry id. Throws when Redis is unreachable. */
    public String publish(Notification notification) {
        return redis.stream(String.class).xadd(keys.notifications(),
                new XAddArgs().maxlen(config.maxLength()).nearlyExactTrimming(),
                NotificationRecord.toFields(notification));
    }
}
