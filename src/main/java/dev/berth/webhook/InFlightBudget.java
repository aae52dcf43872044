package dev.berth.webhook;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of webhook bodies held in memory, across all requests, bounded by {@code berth.webhooks.max-in-flight}.
 * A request reserves its bytes before it reads them (its declared length at once, else chunk by chunk) and releases
 * them when its answer is sent.
 */
@ApplicationScoped
public class InFlightBudget {

    private final long limit;
    private final AtomicLong used = new AtomicLong();

    public InFlightBudget(WebhookConfig config) {
        this.limit = config.maxInFlight().asLongValue();
    }

    /** Reserves {@code bytes}, or returns false (reserving nothing) when that would exceed the budget. */
    public boolean tryReserve(long bytes) {
        if (bytes <= 0) {
            return true;
        }
        while (true) {
            long now = used.get();
            if (now + bytes > limit) {
                return false;
            }
            if (used.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    public void release(long bytes) {
        if (bytes > 0) {
            used.addAndGet(-bytes);
        }
    }

    /** Bytes reserved now. */
    public long used() {
        return used.get();
    }

    public long limit() {
        return limit;
    }
}
