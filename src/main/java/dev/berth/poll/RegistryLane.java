package dev.berth.poll;

import dev.berth.registry.RegistryPacer;
import dev.berth.work.ManagedExecutors;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

/**
 * Everything the poller sends to one registry goes through its lane: one thread, so one request at a time; a
 * not-before instant set by {@code Retry-After} (or a backoff after a 429/503 without it) that the next request
 * waits for; and a {@link RequestBudget} of requests per minute.
 */
final class RegistryLane implements RegistryPacer, AutoCloseable {

    private final String registry;
    private final Clock clock;
    private final RequestBudget budget;
    private final Duration backoff;
    private final PollMetrics metrics;
    private final ExecutorService thread;
    private volatile Instant notBefore = Instant.EPOCH;

    RegistryLane(String registry, Clock clock, RequestBudget budget, Duration backoff, PollMetrics metrics,
            ManagedExecutors executors) {
        this.registry = registry;
        this.clock = clock;
        this.budget = budget;
        this.backoff = backoff;
        this.metrics = metrics;
        // Managed executor poll-<registry> (thread berth-poll-<registry>-1), so its queue shows in berth_executor_*.
        this.thread = executors.pool("poll-" + registry, 1, 0);
        metrics.budget(registry, budget);
    }

    String registry() {
        return registry;
    }

    /** Queues a poll on this registry's thread; false when the lane is closed. */
    boolean submit(Runnable poll) {
        try {
            thread.execute(poll);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /** The registry asked berth to wait ({@code Retry-After}) or refused with 429/503: nothing is sent before then. */
    void holdUntil(Instant until) {
        if (until.isAfter(notBefore)) {
            notBefore = until;
        }
    }

    Instant notBefore() {
        return notBefore;
    }

    @Override
    public void before(String host) {
        try {
            while (true) {
                Duration hold = Duration.between(clock.instant(), notBefore);
                if (!hold.isNegative() && !hold.isZero()) {
                    Thread.sleep(hold.toMillis() + 1);
                    continue;
                }
                Duration wait = budget.take();
                if (wait.isZero()) {
                    return;
                }
                metrics.budgetExhausted(registry);
                Thread.sleep(wait.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void after(String host, int status, String retryAfter) {
        metrics.request(registry, status);
        if (status == 429 || status == 503) {
            Duration wait = RetryAfterHeader.parse(retryAfter, clock).orElse(backoff);
            holdUntil(clock.instant().plus(wait));
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
