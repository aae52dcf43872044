package dev.berth.notify;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter: before retry {@code n} (1-based) wait between half and all of
 * {@code min(max, initial * 2^(n-1))}, so many berth replicas do not retry in step. A wait the sink asked for
 * (Retry-After) is honoured as is, up to {@code maxRetryAfter}.
 */
public record Backoff(Duration initial, Duration max, Duration maxRetryAfter) {

    public Duration delay(int retry, Duration askedFor) {
        if (askedFor != null) {
            return askedFor.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : askedFor;
        }
        long base = initial.toMillis() << Math.min(30, Math.max(0, retry - 1));
        long capped = Math.min(max.toMillis(), base < 0 ? Long.MAX_VALUE : base);
        long half = capped / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(capped - half + 1));
    }
}
