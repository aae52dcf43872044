package dev.berth.events;

import dev.berth.work.Heartbeat;
import dev.berth.work.ManagedExecutors;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * {@code berth_events_stream_length}: the length of the events stream, refreshed by a scheduled task so a scrape
 * never waits on Redis. While Redis cannot answer the gauge reads NaN (unknown), not a stale number.
 */
@Startup
@ApplicationScoped
public class EventStreamMetrics {

    private static final Logger LOG = Logger.getLogger(EventStreamMetrics.class);

    private final ReactiveRedisDataSource redis;
    private final RedisKeys keys;
    private final EventsConfig config;
    private volatile double length = Double.NaN;
    private volatile boolean failing;
    private final Heartbeat refreshes;

    public EventStreamMetrics(ReactiveRedisDataSource redis, RedisKeys keys, EventsConfig config,
            MeterRegistry registry, ManagedExecutors executors) {
        this.refreshes = executors.register("events-stream-metrics", null);
        this.redis = redis;
        this.keys = keys;
        this.config = config;
        Gauge.builder("berth.events.stream.length", this, m -> m.length)
                .description("Entries in the events stream (XLEN), refreshed every berth.events.stream-metrics-interval")
                .register(registry);
    }

    /** Non-blocking XLEN on the event loop; an outage is logged once when it starts and once when it ends. */
    @Scheduled(identity = "events-stream-length", every = "${berth.events.stream-metrics-interval:15s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        return redis.stream(String.class).xlen(keys.events())
                .ifNoItem().after(config.redisTimeout()).fail()
                .onItem().invoke(n -> {
                    length = n;
                    if (failing) {
                        failing = false;
                        LOG.info("events stream length is measured again");
                    }
                })
                .onFailure().recoverWithItem(f -> {
                    length = Double.NaN;
                    if (!failing) {
                        failing = true;
                        LOG.warnf("cannot measure the events stream length (%s); the gauge reads NaN until Redis answers",
                                f.getMessage());
                    }
                    return null;
                })
                .onTermination().invoke(refreshes::beat)
                .replaceWithVoid();
    }
}
