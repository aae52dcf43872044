package dev.berth.registry;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/** When to try again: the registry's {@code Retry-After}, else exponential backoff with jitter. */
final class Retries {

    private Retries() {
    }

    /** True for statuses that say "later": 429 Too Many Requests and any 5xx but 501 Not Implemented. */
    static boolean retryable(int status) {
        return status == 429 || (status >= 500 && status <= 599 && status != 501);
    }

    /**
     * Parses {@code Retry-After}: delay-seconds or an HTTP-date (RFC 9110). A date in the past is zero; an unparseable
     * or negative value is empty (then backoff applies).
     */
    static Optional<Duration> retryAfter(String value, Clock clock) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.trim();
        if (v.chars().allMatch(Character::isDigit)) {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
            } catch (NumberFormatException e) {
                return Optional.of(Duration.ofDays(1)); // absurdly long: longer than any wait in place
            }
        }
        try {
            ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration wait = Duration.between(clock.instant(), at.toInstant());
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Backoff before attempt {@code next} (2 = the first retry): base * 2^(next-2), at most {@code max}, jittered. */
    static Duration backoff(Duration base, Duration max, int next) {
        long millis = base.toMillis() << Math.min(Math.max(next - 2, 0), 20);
        long capped = Math.min(millis, max.toMillis());
        long jitter = capped / 4 > 0 ? ThreadLocalRandom.current().nextLong(capped / 4 + 1) : 0;
        return Duration.ofMillis(Math.min(capped - capped / 8 + jitter, max.toMillis()));
    }
}
