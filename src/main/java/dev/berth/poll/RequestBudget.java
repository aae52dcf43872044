package dev.berth.poll;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A token bucket of requests per minute for one registry: full at start, refilled continuously. Not thread-safe on its
 * own: a registry's lane uses it from its one thread.
 */
final class RequestBudget {

    private final int perMinute;
    private final Clock clock;
    private double tokens;
    private Instant refilled;

    RequestBudget(int perMinute, Clock clock) {
        if (perMinute < 1) {
            throw new IllegalArgumentException("a registry's poll budget must be at least 1 request per minute, was "
                    + perMinute);
        }
        this.perMinute = perMinute;
        this.clock = clock;
        this.tokens = perMinute;
        this.refilled = clock.instant();
    }

    int perMinute() {
        return perMinute;
    }

    /** Requests that may be sent now. */
    synchronized double remaining() {
        refill();
        return tokens;
    }

    /** Takes one request if the budget has one; otherwise how long until it will. */
    synchronized Duration take() {
        refill();
        if (tokens >= 1) {
            tokens -= 1;
            return Duration.ZERO;
        }
        return Duration.ofMillis((long) Math.ceil((1 - tokens) * 60_000.0 / perMinute));
    }

    private void refill() {
        Instant now = clock.instant();
        long millis = Duration.between(refilled, now).toMillis();
        if (millis > 0) {
            tokens = Math.min(perMinute, tokens + millis * perMinute / 60_000.0);
            refilled = now;
        }
    }
}
