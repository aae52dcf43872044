package dev.berth.events;

import dev.berth.work.ManagedExecutors;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Starts the consumers of berth's streams, each a {@link StreamWorker} on a managed loop, all alike: the consumer
 * name is this replica's plus the worker's name, given-up entries go to the dead-letter stream and are announced to
 * the {@link StreamWorker.DeadLetterListener} bean (an {@code event.dead-lettered} notification), and every worker
 * stops when berth does.
 */
@ApplicationScoped
public class StreamWorkers {

    private static final String NODE = ManagementFactory.getRuntimeMXBean().getName();

    private final RedisDataSource redis;
    private final RedisKeys keys;
    private final StreamWorker.DeadLetterListener deadLetters;
    private final ManagedExecutors executors;
    private final List<StreamWorker> started = new CopyOnWriteArrayList<>();

    public StreamWorkers(RedisDataSource redis, RedisKeys keys, StreamWorker.DeadLetterListener deadLetters,
            ManagedExecutors executors) {
        this.redis = redis;
        this.keys = keys;
        this.deadLetters = deadLetters;
        this.executors = executors;
    }

    /**
     * Consumes {@code stream} in {@code group} with {@code handler} on a managed loop (thread) named
     * {@code berth-<name>}, watched by the liveness check.
     */
    public StreamWorker start(String stream, String group, String name, StreamWorker.Handler handler,
            Duration claimIdle, int maxDeliveries) {
        StreamWorker worker = new StreamWorker(redis, stream, group, NODE + "-" + name, keys.deadLetters(), handler,
                claimIdle, maxDeliveries).onDeadLetter(deadLetters);
        started.add(worker);
        executors.start(name, null, heartbeat -> worker.heartbeat(heartbeat).run());
        return worker;
    }

    void onStop(@Observes ShutdownEvent event) {
        started.forEach(StreamWorker::stop);
    }
}
