package dev.berth.api;

import dev.berth.deploy.DeploymentStore;
import dev.berth.domain.DeploymentId;
import dev.berth.work.Heartbeat;
import dev.berth.work.ManagedExecutors;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The live deployment logs served as server-sent events. No request thread waits for log lines: one poller thread
 * reads every open stream's new entries from Redis each {@link #POLL} and hands them to the sinks, whose writes are
 * asynchronous. A stream reads on only when its previous batch is written (a slow client is not buffered without
 * bound). Streams are capped per API identity and in total ({@code berth.api.log-streams.*}).
 */
@ApplicationScoped
public class LogTails {

    private static final Logger LOG = Logger.getLogger(LogTails.class);
    static final Duration POLL = Duration.ofMillis(250);
    /** The poller ticks every {@link #POLL}; this long without a tick and liveness reports it stalled. */
    static final Duration STALL_AFTER = Duration.ofMinutes(1);
    /** A stream ends after this long even when its deployment never ends. */
    static final Duration MAX_AGE = Duration.ofHours(2);
    private static final int BATCH = 200;

    private final DeploymentStore store;
    private final LogStreamsConfig config;
    private final Set<Tail> tails = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> perCaller = new HashMap<>();
    /** The poller: managed executor {@code log-tail} (thread {@code berth-log-tail-1}), watched as loop {@code log-tail}. */
    private final ScheduledExecutorService poller;
    private final Heartbeat ticks;

    public LogTails(DeploymentStore store, LogStreamsConfig config, ManagedExecutors executors) {
        this.store = store;
        this.config = config;
        this.poller = executors.scheduled("log-tail", 1);
        // A tick that threw would end the periodic schedule silently: the loop is reported dead instead.
        this.ticks = executors.register("log-tail", STALL_AFTER);
        poller.scheduleWithFixedDelay(this::periodicTick, POLL.toMillis(), POLL.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void periodicTick() {
        try {
            tick();
            ticks.beat();
        } catch (Throwable e) {
            ticks.died(e);
            throw e;
        }
    }

    private static final class Tail {
        final DeploymentId id;
        final SseEventSink sink;
        final Sse sse;
        final String caller;
        final long deadline;
        final AtomicInteger pending = new AtomicInteger();
        volatile String after;

        Tail(DeploymentId id, String after, SseEventSink sink, Sse sse, String caller, long deadline) {
            this.id = id;
            this.after = after;
            this.sink = sink;
            this.sse = sse;
            this.caller = caller;
            this.deadline = deadline;
        }
    }

    /**
     * Starts streaming {@code id}'s log after entry {@code after} to {@code sink}, or says why not (a cap is
     * reached: the caller answers 429).
     */
    public synchronized Optional<String> open(DeploymentId id, String after, SseEventSink sink, Sse sse,
            String caller) {
        int mine = perCaller.getOrDefault(caller, 0);
        if (mine >= config.maxPerToken()) {
            return Optional.of(caller + " has " + mine + " log streams open, the most one identity may"
                    + " (berth.api.log-streams.max-per-token); close one first");
        }
        if (tails.size() >= config.maxTotal()) {
            return Optional.of(tails.size() + " log streams are open, the most berth serves"
                    + " (berth.api.log-streams.max-total); try again later");
        }
        perCaller.merge(caller, 1, Integer::sum);
        tails.add(new Tail(id, after, sink, sse, caller, System.nanoTime() + MAX_AGE.toNanos()));
        poller.execute(this::tick); // the first lines at once
        return Optional.empty();
    }

    /** Open streams, for tests and metrics. */
    public int open() {
        return tails.size();
    }

    private void tick() {
        for (Tail tail : tails) {
            try {
                step(tail);
            } catch (RuntimeException e) {
                LOG.debugf(e, "Log stream of %s ended: %s", tail.id, e.getMessage());
                close(tail);
            }
        }
    }

    private void step(Tail tail) {
        if (tail.sink.isClosed() || System.nanoTime() - tail.deadline > 0) {
            close(tail);
            return;
        }
        if (tail.pending.get() > 0) {
            return;
        }
        List<StreamMessage<String, String, String>> entries = store.readLog(tail.id, tail.after, BATCH,
                Duration.ZERO);
        boolean ended = false;
        CompletionStage<?> last = null;
        for (StreamMessage<String, String, String> m : entries) {
            Map<String, String> f = m.payload();
            tail.pending.incrementAndGet();
            last = tail.sink.send(tail.sse.newEventBuilder().id(m.id()).name("log")
                    // The JSON is written here, as the event's plain data: an event with its own media type would
                    // carry a "content-type:" field line that no SSE client wants.
                    .data(json(f))
                    .build());
            last.whenComplete((ok, error) -> {
                tail.pending.decrementAndGet();
                if (error != null) {
                    close(tail);
                }
            });
            tail.after = m.id();
            ended |= f.containsKey(DeploymentStore.END_FIELD);
        }
        if (ended) {
            last.whenComplete((ok, error) -> close(tail));
        }
    }

    private void close(Tail tail) {
        if (!tails.remove(tail)) {
            return;
        }
        synchronized (this) {
            perCaller.computeIfPresent(tail.caller, (k, n) -> n <= 1 ? null : n - 1);
        }
        try {
            tail.sink.close();
        } catch (RuntimeException e) {
            LOG.debugf(e, "Closing the log stream of %s", tail.id);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        poller.shutdownNow();
        tails.forEach(this::close);
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    /** One log line as the event's JSON data: {@code at}, {@code stream}, {@code line}, in that order. */
    private static String json(Map<String, String> fields) {
        Map<String, String> event = new java.util.LinkedHashMap<>();
        event.put("at", fields.getOrDefault("at", ""));
        event.put("stream", fields.getOrDefault("stream", ""));
        event.put("line", fields.getOrDefault("line", ""));
        try {
            return JSON.writeValueAsString(event);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a log line could not be written as JSON", e);
        }
    }
}
