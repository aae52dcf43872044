package dev.berth.notify;

import java.time.Duration;

/**
 * How one sink's worker delivers.
 *
 * @param consumer     this replica's consumer name in the sink's group
 * @param minInterval  minimum time between two requests to the sink (rate limit)
 * @param maxAttempts  attempts per notification, the first included
 * @param backoff      waits between attempts
 * @param dedupeWindow how long a (kind, app, env, digest) is remembered per sink
 * @param claimIdle    how long an entry may stay pending with a consumer before another one takes it over
 * @param block        how long one read waits for new entries
 */
public record DeliverySettings(String consumer, Duration minInterval, int maxAttempts, Backoff backoff,
        Duration dedupeWindow, Duration claimIdle, Duration block) {

    public DeliverySettings {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("berth.notify.retry.max-attempts must be at least 1, not " + maxAttempts);
        }
        if (dedupeWindow.toSeconds() < 1) {
            throw new IllegalArgumentException("berth.notify.dedupe-window must be at least 1s");
        }
    }
}
