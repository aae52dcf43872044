package dev.berth.notify;

import dev.berth.events.RedisKeys;
import dev.berth.work.Heartbeat;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamCommands;
import io.quarkus.redis.datasource.stream.PendingMessage;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.redis.datasource.stream.XPendingArgs;
import io.quarkus.redis.datasource.stream.XReadGroupArgs;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * One sink's delivery thread. The sink has its own consumer group on the notifications stream, so a slow or broken
 * sink never delays another, and messages reach a channel in order. On start it first finishes its own pending
 * entries (left by a stop or crash), then loops: take over entries another consumer left pending longer than
 * {@code claim-idle} (XAUTOCLAIM), read new ones (XREADGROUP), deliver each, acknowledge (XACK).
 */
public final class SinkWorker {

    private static final Logger LOG = Logger.getLogger(SinkWorker.class);
    /** Entries read at once; they are delivered one after the other. */
    private static final int BATCH = 10;
    /** Pause after Redis failed, before trying again. */
    private static final Duration REDIS_PAUSE = Duration.ofSeconds(1);

    private final RedisDataSource redis;
    private final RedisKeys keys;
    private final Notifier notifier;
    private final DeliverySettings settings;
    private final SinkDelivery delivery;
    private final String group;
    private volatile boolean stopping;
    private volatile Heartbeat heartbeat;
    private Thread thread;

    public SinkWorker(RedisDataSource redis, RedisKeys keys, Notifier notifier, SinkFilter filter,
            DeliverySettings settings, NotifyMetrics metrics) {
        this.redis = redis;
        this.keys = keys;
        this.notifier = notifier;
        this.settings = settings;
        this.group = RedisKeys.notifierGroup(notifier.name());
        this.delivery = new SinkDelivery(redis, keys, notifier, filter, settings, metrics, () -> stopping);
        this.heartbeat = Heartbeat.unwatched("notify-" + notifier.name());
    }

    /** The heartbeat this worker beats each time round (berth's liveness watches it); returns this worker. */
    public SinkWorker heartbeat(Heartbeat h) {
        this.heartbeat = h;
        return this;
    }

    /**
     * Creates the sink's consumer group if it does not exist, at the end of the stream: a newly added sink receives
     * what is published from now on, not the history.
     */
    public void ensureGroup() {
        try {
            redis.execute("XGROUP", "CREATE", keys.notifications(), group, "$", "MKSTREAM");
        } catch (RuntimeException e) {
            if (e.getMessage() == null || !e.getMessage().contains("BUSYGROUP")) {
                throw e;
            }
        }
    }

    public synchronized SinkWorker start() {
        if (thread != null) {
            throw new IllegalStateException("sink " + notifier.name() + " is already started");
        }
        // A thread of its own (not ManagedExecutors#start) because tests wire a SinkWorker by hand; in berth its loop
        // is still watched: NotificationWorkers registers the heartbeat notify-<sink> that this loop beats.
        thread = new Thread(this::run, "berth-notify-" + notifier.name());
        thread.start();
        return this;
    }

    /** Stops after the current request; an entry not yet delivered stays pending for the next start. */
    public synchronized void stop(Duration timeout) {
        stopping = true;
        if (thread == null) {
            return;
        }
        thread.interrupt();
        try {
            thread.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warnf("Sink %s did not stop within %d ms", notifier.name(), timeout.toMillis());
        }
    }

    private void run() {
        try {
            loop();
            heartbeat.stopped();
        } catch (Throwable e) {
            heartbeat.died(e);
        }
    }

    private void loop() {
        StreamCommands<String, String, String> streams = redis.stream(String.class);
        boolean ready = false;
        boolean failing = false;
        String pendingCursor = "-";
        while (!stopping) {
            heartbeat.beat();
            try {
                if (!ready) {
                    ensureGroup();
                    ready = true;
                }
                if (pendingCursor != null) {
                    List<PendingMessage> mine = streams.xpending(keys.notifications(), group,
                            StreamRange.of(pendingCursor, "+"), BATCH, new XPendingArgs().consumer(settings.consumer()));
                    if (mine.isEmpty()) {
                        pendingCursor = null;
                        continue;
                    }
                    pendingCursor = "(" + mine.get(mine.size() - 1).getMessageId();
                    // XCLAIM returns what is still in the stream and drops trimmed entries from the pending list.
                    deliver(streams.xclaim(keys.notifications(), group, settings.consumer(), Duration.ZERO,
                            mine.stream().map(PendingMessage::getMessageId).toArray(String[]::new)));
                    continue;
                }
                deliver(streams.xautoclaim(keys.notifications(), group, settings.consumer(), settings.claimIdle(),
                        "0-0", BATCH).getMessages());
                deliver(streams.xreadgroup(group, settings.consumer(), keys.notifications(), ">",
                        new XReadGroupArgs().count(BATCH).block(settings.block())));
                if (failing) {
                    LOG.infof("Sink %s: Redis is reachable again", notifier.name());
                    failing = false;
                }
            } catch (RuntimeException e) {
                if (stopping) {
                    break;
                }
                if (!failing) {
                    LOG.warnf("Sink %s cannot read the notifications stream (%s); retrying every %d s",
                            notifier.name(), e.getMessage(), REDIS_PAUSE.toSeconds());
                    failing = true;
                }
                try {
                    Thread.sleep(REDIS_PAUSE.toMillis());
                } catch (InterruptedException ie) {
                    break;
                }
            }
        }
        LOG.debugf("Sink %s stopped", notifier.name());
    }

    private void deliver(List<StreamMessage<String, String, String>> messages) {
        for (StreamMessage<String, String, String> m : messages) {
            if (stopping) {
                return;
            }
            heartbeat.beat();
            delivery.handle(m.id(), m.payload());
        }
    }
}
