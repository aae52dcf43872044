package dev.berth.events;

import dev.berth.work.Heartbeat;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.ClaimedMessages;
import io.quarkus.redis.datasource.stream.PendingMessage;
import io.quarkus.redis.datasource.stream.StreamCommands;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.redis.datasource.stream.XPendingArgs;
import io.quarkus.redis.datasource.stream.XReadGroupArgs;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * At-least-once consumption of one Redis stream by one consumer of a group, on its own thread.
 *
 * <p>An entry is acknowledged only after its handler returned (the outcome is recorded). A handler that throws a
 * {@link Transient} error leaves the entry pending; pending entries idle longer than {@code claimIdle} (this
 * consumer's, or a crashed replica's) are claimed again with XAUTOCLAIM. An entry delivered more than
 * {@code maxDeliveries} times, or whose handler throws any other exception, goes to the dead-letter stream, the
 * handler is told, and the entry is acknowledged.
 */
public final class StreamWorker implements Runnable {

    private static final Logger LOG = Logger.getLogger(StreamWorker.class);
    private static final Duration BLOCK = Duration.ofSeconds(1);

    /** Processes one entry. */
    public interface Handler {
        void handle(String id, Map<String, String> fields) throws Exception;

        /** Called once when an entry is given up; record the failure where users see it. */
        default void deadLettered(String id, Map<String, String> fields, String reason) {
        }
    }

    /** Told of every entry this worker gives up, besides its handler (berth sends an alert from it). */
    public interface DeadLetterListener {
        void deadLettered(String stream, String group, String id, Map<String, String> fields, String reason);
    }

    /** A failure worth retrying later (a host or registry that is away, a lock that is held). */
    public static class Transient extends RuntimeException {
        public Transient(String message, Throwable cause) {
            super(message, cause);
        }

        public Transient(String message) {
            super(message);
        }
    }

    private final RedisDataSource redis;
    private final String stream;
    private final String group;
    private final String consumer;
    private final String deadLetters;
    private final Handler handler;
    private final Duration claimIdle;
    private final int maxDeliveries;
    private volatile boolean running = true;
    private volatile DeadLetterListener listener;
    private volatile Heartbeat heartbeat;
    private long nextClaim;

    public StreamWorker(RedisDataSource redis, String stream, String group, String consumer, String deadLetters,
            Handler handler, Duration claimIdle, int maxDeliveries) {
        this.redis = redis;
        this.stream = stream;
        this.group = group;
        this.consumer = consumer;
        this.deadLetters = deadLetters;
        this.handler = handler;
        this.claimIdle = claimIdle;
        this.maxDeliveries = maxDeliveries;
        this.heartbeat = Heartbeat.unwatched(consumer);
    }

    /** Sets the heartbeat this worker beats each time round (berth's liveness watches it); returns this worker. */
    public StreamWorker heartbeat(Heartbeat h) {
        this.heartbeat = h;
        return this;
    }

    /** Sets who is told of entries given up (one listener); returns this worker. */
    public StreamWorker onDeadLetter(DeadLetterListener l) {
        this.listener = l;
        return this;
    }

    public void stop() {
        running = false;
        heartbeat.stopped();
    }

    @Override
    public void run() {
        StreamCommands<String, String, String> commands = redis.stream(String.class);
        while (running) {
            heartbeat.beat();
            try {
                if (System.nanoTime() - nextClaim >= 0) {
                    nextClaim = System.nanoTime() + Math.max(claimIdle.toNanos() / 2, 50_000_000L);
                    ClaimedMessages<String, String, String> claimed =
                            commands.xautoclaim(stream, group, consumer, claimIdle, "0-0", 10);
                    for (StreamMessage<String, String, String> m : claimed.getMessages()) {
                        process(commands, m, true);
                    }
                }
                List<StreamMessage<String, String, String>> messages = commands.xreadgroup(group, consumer, stream,
                        ">", new XReadGroupArgs().count(1).block(BLOCK));
                for (StreamMessage<String, String, String> m : messages) {
                    process(commands, m, false);
                }
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                if (e.getMessage() != null && e.getMessage().contains("NOGROUP")) {
                    createGroup();
                    continue;
                }
                LOG.warnf("Reading %s as %s/%s failed (%s); retrying", stream, group, consumer, e.getMessage());
                pause();
            }
        }
    }

    private void process(StreamCommands<String, String, String> commands, StreamMessage<String, String, String> m,
            boolean claimed) {
        Map<String, String> fields = m.payload() == null ? Map.of() : m.payload();
        if (claimed && deliveries(commands, m.id()) > maxDeliveries) {
            giveUp(commands, m.id(), fields, "delivered more than " + maxDeliveries + " times without success");
            return;
        }
        heartbeat.beat();
        try {
            handler.handle(m.id(), fields);
            commands.xack(stream, group, m.id());
        } catch (Transient e) {
            LOG.infof("%s entry %s will be retried: %s", stream, m.id(), e.getMessage());
        } catch (Exception e) {
            LOG.errorf(e, "%s entry %s failed permanently", stream, m.id());
            giveUp(commands, m.id(), fields, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    private long deliveries(StreamCommands<String, String, String> commands, String id) {
        List<PendingMessage> pending = commands.xpending(stream, group, StreamRange.of(id, id), 1, new XPendingArgs());
        return pending.isEmpty() ? 0 : pending.get(0).getDeliveryCount();
    }

    private void giveUp(StreamCommands<String, String, String> commands, String id, Map<String, String> fields,
            String reason) {
        Map<String, String> dead = new LinkedHashMap<>(fields);
        dead.put("deadStream", stream);
        dead.put("deadId", id);
        dead.put("deadReason", reason);
        commands.xadd(deadLetters, dead);
        try {
            handler.deadLettered(id, fields, reason);
        } catch (RuntimeException e) {
            LOG.errorf(e, "Recording the dead-lettered %s entry %s failed", stream, id);
        }
        DeadLetterListener l = listener;
        if (l != null) {
            try {
                l.deadLettered(stream, group, id, fields, reason);
            } catch (RuntimeException e) {
                LOG.errorf("Alert for the dead-lettered %s entry %s failed: %s", stream, id, e.getMessage());
            }
        }
        commands.xack(stream, group, id);
    }

    /** The group vanished (Redis restarted without its data, or was down at start): create it again. */
    private void createGroup() {
        try {
            redis.execute("XGROUP", "CREATE", stream, group, "0", "MKSTREAM");
            LOG.infof("Created consumer group %s on %s", group, stream);
        } catch (RuntimeException e) {
            if (e.getMessage() == null || !e.getMessage().contains("BUSYGROUP")) {
                LOG.warnf("Cannot create consumer group %s on %s: %s", group, stream, e.getMessage());
                pause();
            }
        }
    }

    private void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
