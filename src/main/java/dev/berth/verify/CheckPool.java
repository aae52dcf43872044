package dev.berth.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Bounded worker threads for probes. A global {@link Semaphore} caps probes in flight across all environments; each
 * {@link #runAll} call also caps its own. The caller blocks for a permit before a probe is handed over, so the
 * executor never holds more than {@code max} tasks: threads and queue are both bounded, and a caller with
 * thousands of probes simply waits its turn. Idle threads end after 30 seconds.
 */
final class CheckPool implements AutoCloseable {

    private final Semaphore global;
    private final ExecutorService workers;
    private final AtomicInteger running = new AtomicInteger();
    private final int perCall;

    /** A pool of its own threads ({@code berth-check-<n>}), for tests and hand wiring. */
    CheckPool(int max, int perCall) {
        this(max, perCall, CheckPool::ownThreads);
    }

    /** A pool whose {@code max} threads come from {@code threads} (berth: the managed executor {@code check}). */
    CheckPool(int max, int perCall, IntFunction<ExecutorService> threads) {
        if (max < 1 || max > 10_000) {
            throw new IllegalStateException("berth.verify.max-concurrent-checks must be between 1 and 10000, got "
                    + max);
        }
        if (perCall < 1) {
            throw new IllegalStateException(
                    "berth.verify.max-concurrent-checks-per-environment must be at least 1, got " + perCall);
        }
        this.global = new Semaphore(max, true);
        this.perCall = Math.min(perCall, max);
        this.workers = threads.apply(max);
    }

    /** Hand wiring only (tests, tools without CDI); berth itself passes the managed executor {@code check}. */
    private static ExecutorService ownThreads(int max) {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(max, max, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(max), r -> {
                    Thread t = new Thread(r, "berth-check-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /**
     * Runs every task and returns their results in task order. A task that throws yields {@code onError} of what
     * it threw. Blocks until all are done.
     *
     * @throws InterruptedException when the caller is interrupted; tasks already started run to their own timeout
     */
    <T> List<T> runAll(List<Supplier<T>> tasks, Function<Throwable, T> onError) throws InterruptedException {
        Semaphore mine = new Semaphore(perCall);
        List<CompletableFuture<T>> results = new ArrayList<>(tasks.size());
        for (Supplier<T> task : tasks) {
            mine.acquire();
            try {
                global.acquire();
            } catch (InterruptedException e) {
                mine.release();
                throw e;
            }
            CompletableFuture<T> result = new CompletableFuture<>();
            results.add(result);
            try {
                workers.execute(() -> {
                    running.incrementAndGet();
                    try {
                        result.complete(task.get());
                    } catch (Throwable e) {
                        result.complete(onError.apply(e));
                    } finally {
                        running.decrementAndGet();
                        global.release();
                        mine.release();
                    }
                });
            } catch (RuntimeException e) {
                global.release();
                mine.release();
                result.complete(onError.apply(e));
            }
        }
        List<T> out = new ArrayList<>(results.size());
        for (CompletableFuture<T> result : results) {
            try {
                out.add(result.get());
            } catch (ExecutionException e) {
                out.add(onError.apply(e.getCause()));
            }
        }
        return out;
    }

    /** Probes running right now across all callers (for tests and metrics). */
    int inFlight() {
        return running.get();
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
