package dev.berth.notify;

import java.time.Duration;
import java.util.Objects;

/**
 * What became of one attempt to post a notification to a sink. The outcome alone decides whether the worker retries.
 *
 * @param outcome    delivered, retry later, or failed for good
 * @param status     the HTTP status, 0 when no answer came (connection refused, timeout)
 * @param retryAfter how long the sink asked to wait (429 {@code Retry-After}), null when it did not say
 * @param detail     a short reason for logs; never the sink URL or a secret
 */
public record DeliveryResult(Outcome outcome, int status, Duration retryAfter, String detail) {

    /** Whether to retry. */
    public enum Outcome {
        /** The sink accepted the message. */
        DELIVERED,
        /** A transient failure (no answer, 408, 429, 5xx): try again after a backoff. */
        RETRY,
        /** A permanent failure (another 4xx, a redirect): retrying would not help. */
        FAILED
    }

    public DeliveryResult {
        Objects.requireNonNull(outcome, "outcome");
        detail = detail == null ? "" : detail;
    }

    public static DeliveryResult delivered(int status) {
        return new DeliveryResult(Outcome.DELIVERED, status, null, "");
    }

    public static DeliveryResult retry(int status, Duration retryAfter, String detail) {
        return new DeliveryResult(Outcome.RETRY, status, retryAfter, detail);
    }

    public static DeliveryResult failed(int status, String detail) {
        return new DeliveryResult(Outcome.FAILED, status, null, detail);
    }
}
