package dev.berth.poll;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** {@code Retry-After} as delay-seconds or an HTTP date (RFC 9110), capped at one day. */
final class RetryAfterHeader {

    private static final Duration MAX = Duration.ofDays(1);

    private RetryAfterHeader() {
    }

    static Optional<Duration> parse(String value, Clock clock) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.trim();
        try {
            if (v.chars().allMatch(Character::isDigit)) {
                Duration d = Duration.ofSeconds(Long.parseLong(v));
                return Optional.of(d.compareTo(MAX) > 0 ? MAX : d);
            }
            Duration d = Duration.between(clock.instant(), ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant());
            return Optional.of(d.isNegative() ? Duration.ZERO : d.compareTo(MAX) > 0 ? MAX : d);
        } catch (NumberFormatException | DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
