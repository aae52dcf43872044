package dev.berth.notify;

import dev.berth.events.RedisKeys;
import dev.berth.notify.NotifyMetrics.Outcome;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * Delivers one outbox entry to one sink: filter, de-duplicate, post with retries, then acknowledge. An entry is
 * acknowledged only once it is delivered, filtered, a duplicate, or failed for good; when the worker stops
 * mid-way it stays pending and is delivered after a restart (or by another replica after {@code claim-idle}).
 */
final class SinkDelivery {

    private static final Logger LOG = Logger.getLogger(SinkDelivery.class);

    /** Marks (sink, dedupe key) with the entry id; the same entry may pass again (a resumed delivery). */
    static final String DEDUPE_SCRIPT = """
            if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'EX', ARGV[2]) then return 1 end
            if redis.call('GET', KEYS[1]) == ARGV[1] then return 1 end
            return 0
            """;
    /** True when the entry is still pending with this consumer; resets its idle time so no one takes it over. */
    static final String TOUCH_SCRIPT = """
            local p = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[3], ARGV[3], 1, ARGV[2])
            if #p == 0 then return 0 end
            redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, ARGV[3], 'JUSTID')
            return 1
            """;

    private final RedisDataSource redis;
    private final RedisKeys keys;
    private final Notifier notifier;
    private final SinkFilter filter;
    private final DeliverySettings settings;
    private final NotifyMetrics metrics;
    private final BooleanSupplier stopping;
    private final String group;
    private long nextRequestNanos = System.nanoTime();

    SinkDelivery(RedisDataSource redis, RedisKeys keys, Notifier notifier, SinkFilter filter,
            DeliverySettings settings, NotifyMetrics metrics, BooleanSupplier stopping) {
        this.redis = redis;
        this.keys = keys;
        this.notifier = notifier;
        this.filter = filter;
        this.settings = settings;
        this.metrics = metrics;
        this.stopping = stopping;
        this.group = RedisKeys.notifierGroup(notifier.name());
    }

    void handle(String id, Map<String, String> fields) {
        String sink = notifier.name();
        if (fields == null || fields.isEmpty()) {
            ack(id);
            return;
        }
        Notification n;
        try {
            n = NotificationRecord.fromFields(fields);
        } catch (RuntimeException e) {
            LOG.warnf("Notification %s is unreadable (%s); sink %s skips it", id, e.getMessage(), sink);
            metrics.count(sink, "unknown", Outcome.FAILED);
            ack(id);
            return;
        }
        String kind = n.kind().wire();
        if (!filter.matches(n)) {
            metrics.count(sink, kind, Outcome.FILTERED);
            ack(id);
            return;
        }
        String dedupe = keys.notificationSent(sink, n.dedupeKey());
        if (!isTrue(redis.execute("EVAL", DEDUPE_SCRIPT, "1", dedupe, id,
                Long.toString(settings.dedupeWindow().toSeconds())))) {
            LOG.debugf("Sink %s: %s notification %s for %s is a duplicate", sink, kind, id, n.scope());
            metrics.count(sink, kind, Outcome.DUPLICATE);
            ack(id);
            return;
        }
        for (int attempt = 1; ; attempt++) {
            if (stopping.getAsBoolean() || !stillMine(id) || !pace()) {
                return;
            }
            DeliveryResult r = notifier.post(n);
            nextRequestNanos = System.nanoTime() + settings.minInterval().toNanos();
            switch (r.outcome()) {
                case DELIVERED -> {
                    metrics.count(sink, kind, Outcome.DELIVERED);
                    ack(id);
                    return;
                }
                case FAILED -> {
                    LOG.warnf("Sink %s refused %s notification %s for %s: %s; not retried (check the sink's "
                            + "configuration)", sink, kind, id, n.scope(), r.detail());
                    giveUp(id, kind, dedupe);
                    return;
                }
                case RETRY -> {
                    if (stopping.getAsBoolean()) {
                        return;
                    }
                    if (attempt >= settings.maxAttempts()) {
                        LOG.warnf("Sink %s: %s notification %s for %s not delivered after %d attempts: %s",
                                sink, kind, id, n.scope(), attempt, r.detail());
                        giveUp(id, kind, dedupe);
                        return;
                    }
                    metrics.count(sink, kind, Outcome.RETRIED);
                    Duration wait = settings.backoff().delay(attempt, r.retryAfter());
                    LOG.infof("Sink %s: %s notification %s: %s; retry %d in %d ms", sink, kind, id, r.detail(),
                            attempt, wait.toMillis());
                    if (!sleep(wait.toNanos())) {
                        return;
                    }
                }
            }
        }
    }

    void ack(String id) {
        redis.stream(String.class).xack(keys.notifications(), group, id);
    }

    private void giveUp(String id, String kind, String dedupe) {
        metrics.count(notifier.name(), kind, Outcome.FAILED);
        redis.key(String.class).del(dedupe);
        ack(id);
    }

    private boolean stillMine(String id) {
        if (isTrue(redis.execute("EVAL", TOUCH_SCRIPT, "1", keys.notifications(), group, settings.consumer(), id))) {
            return true;
        }
        LOG.infof("Sink %s: notification %s was taken over by another consumer", notifier.name(), id);
        return false;
    }

    /** Waits for the sink's rate limit; false when interrupted (stopping). */
    private boolean pace() {
        return sleep(nextRequestNanos - System.nanoTime());
    }

    private static boolean sleep(long nanos) {
        if (nanos <= 0) {
            return true;
        }
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean isTrue(Response r) {
        return r != null && r.toInteger() == 1;
    }
}
