package dev.berth.work;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * berth's background work, in one place: named thread pools and named worker loops, each with metrics
 * ({@code berth_executor_*}, {@code berth_loop_*}) and watched by the liveness check ({@link WorkerLoopsLiveness}).
 *
 * <ul>
 * <li>{@link #pool} makes a named, bounded thread pool (daemon threads {@code berth-<name>-<n>}); berth shuts them
 * all down when it stops.</li>
 * <li>{@link #scheduled} makes a named pool for delayed and periodic tasks (same metrics).</li>
 * <li>{@link #register} registers a loop that runs somewhere else (a scheduled method, a reconciler's loop) and
 * returns its {@link Heartbeat}.</li>
 * <li>{@link #start} runs a loop on a daemon thread of its own; an exception or an unexpected return marks it
 * dead.</li>
 * </ul>
 */
@ApplicationScoped
public class ManagedExecutors {

    private static final Logger LOG = Logger.getLogger(ManagedExecutors.class);

    /** A loop body: it runs until it is asked to stop, calling {@link Heartbeat#beat()} each time round. */
    @FunctionalInterface
    public interface LoopBody {
        void run(Heartbeat heartbeat) throws Exception;
    }

    private final MeterRegistry meters;
    private final WorkConfig config;
    private final Map<String, Loop> loops = new ConcurrentHashMap<>();
    private final Map<String, ThreadPoolExecutor> pools = new ConcurrentHashMap<>();
    private volatile boolean stopping;

    public ManagedExecutors(MeterRegistry meters, WorkConfig config) {
        this.meters = meters;
        this.config = config;
    }

    /**
     * A pool of {@code threads} threads whose queue holds {@code queue} tasks (0: none, hand-off only); a task beyond
     * that is refused with {@link java.util.concurrent.RejectedExecutionException}. One pool per name.
     */
    public ExecutorService pool(String name, int threads, int queue) {
        return pool(name, threads, queue > 0 ? new ArrayBlockingQueue<>(queue) : new LinkedBlockingQueue<>(),
                new ThreadPoolExecutor.AbortPolicy());
    }

    /** A pool with the caller's queue and refusal policy (for example a caller-runs pool). */
    public ExecutorService pool(String name, int threads, BlockingQueue<Runnable> queue,
            RejectedExecutionHandler refused) {
        if (threads < 1) {
            throw new IllegalArgumentException("executor " + name + " needs at least one thread, got " + threads);
        }
        return pools.computeIfAbsent(name, n -> {
            AtomicInteger count = new AtomicInteger();
            ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, queue, r -> {
                Thread t = new Thread(r, "berth-" + n + "-" + count.incrementAndGet());
                t.setDaemon(true);
                return t;
            }, refused);
            executor.allowCoreThreadTimeOut(true);
            return measured(n, executor);
        });
    }

    /**
     * A pool of {@code threads} threads for delayed and periodic tasks (daemon threads {@code berth-<name>-<n>}),
     * with the same metrics as {@link #pool}; {@code berth_executor_queued} counts the scheduled tasks. One per name.
     */
    public ScheduledExecutorService scheduled(String name, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("executor " + name + " needs at least one thread, got " + threads);
        }
        return (ScheduledExecutorService) pools.computeIfAbsent(name, n -> {
            AtomicInteger count = new AtomicInteger();
            ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(threads, r -> {
                Thread t = new Thread(r, "berth-" + n + "-" + count.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            // A cancelled lease renewal or log poll leaves the queue at once, so the queued gauge stays honest.
            executor.setRemoveOnCancelPolicy(true);
            return measured(n, executor);
        });
    }

    private ThreadPoolExecutor measured(String n, ThreadPoolExecutor executor) {
        Gauge.builder("berth.executor.queued", executor, e -> e.getQueue().size()).tag("executor", n)
                .description("Tasks waiting in a berth executor's queue").register(meters);
        Gauge.builder("berth.executor.active", executor, ThreadPoolExecutor::getActiveCount).tag("executor", n)
                .description("Threads of a berth executor running a task").register(meters);
        FunctionCounter.builder("berth.executor.completed", executor, ThreadPoolExecutor::getCompletedTaskCount)
                .tag("executor", n).description("Tasks a berth executor finished").register(meters);
        return executor;
    }

    /** Registers a loop that runs elsewhere; it must beat at least every {@code stallAfter} (null: the default). */
    public Heartbeat register(String name, Duration stallAfter) {
        Loop loop = new Loop(name, stallAfter == null ? config.stallAfter() : stallAfter);
        Loop before = loops.put(name, loop);
        if (before == null) {
            Gauge.builder("berth.loop.up", this, m -> m.state(name).failing() ? 0 : 1).tag("loop", name)
                    .description("1 while a worker loop runs and makes progress, 0 once it died or stalled")
                    .register(meters);
            Gauge.builder("berth.loop.seconds.since.beat", this, m -> m.state(name).sinceBeat().toMillis() / 1000.0)
                    .tag("loop", name).description("Seconds since a worker loop last made progress").register(meters);
            FunctionCounter.builder("berth.loop.heartbeats", this, m -> m.loops.get(name).beats()).tag("loop", name)
                    .description("Heartbeats of a worker loop").register(meters);
        }
        return loop;
    }

    /** Registers {@code body} as loop {@code name} and runs it on a daemon thread {@code berth-<name>}. */
    public Heartbeat start(String name, Duration stallAfter, LoopBody body) {
        Heartbeat heartbeat = register(name, stallAfter);
        Thread thread = new Thread(() -> {
            try {
                body.run(heartbeat);
                if (!stopping && heartbeat instanceof Loop l && l.status() == LoopState.Status.RUNNING) {
                    heartbeat.died(new IllegalStateException("the loop returned without being stopped"));
                }
            } catch (Throwable e) {
                heartbeat.died(e);
            }
        }, "berth-" + name);
        thread.setDaemon(true);
        thread.start();
        return heartbeat;
    }

    /** Every registered loop as it is now. */
    public List<LoopState> loops() {
        return loops.keySet().stream().sorted().map(this::state).toList();
    }

    /** The pools made so far, by name (tests and diagnostics). */
    public Collection<String> pools() {
        return List.copyOf(pools.keySet());
    }

    LoopState state(String name) {
        Loop loop = loops.get(name);
        LoopState s = loop.snapshot();
        // While berth shuts down, loops end one by one: none of them is a failure.
        return stopping && s.status() != LoopState.Status.DIED
                ? new LoopState(name, LoopState.Status.STOPPED, s.sinceBeat(), s.stallAfter(), null) : s;
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
        pools.values().forEach(ThreadPoolExecutor::shutdownNow);
    }

    /** One loop's bookkeeping. */
    private static final class Loop implements Heartbeat {
        private final String name;
        private final Duration stallAfter;
        private volatile long lastBeat = System.nanoTime();
        private volatile LoopState.Status status = LoopState.Status.RUNNING;
        private volatile String error;
        private volatile long beats;

        Loop(String name, Duration stallAfter) {
            this.name = name;
            this.stallAfter = stallAfter;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void beat() {
            lastBeat = System.nanoTime();
            beats++;
        }

        @Override
        public void stopped() {
            if (status == LoopState.Status.RUNNING) {
                status = LoopState.Status.STOPPED;
            }
        }

        @Override
        public void died(Throwable cause) {
            error = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
            status = LoopState.Status.DIED;
            LOG.errorf(cause, "Worker loop %s died: %s; berth reports itself not live (/q/health/live)", name, error);
        }

        LoopState.Status status() {
            return status;
        }

        long beats() {
            return beats;
        }

        LoopState snapshot() {
            return new LoopState(name, status, Duration.ofNanos(System.nanoTime() - lastBeat), stallAfter, error);
        }
    }
}
