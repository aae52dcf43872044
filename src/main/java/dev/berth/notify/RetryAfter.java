package dev.berth.notify;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads how long a sink asks to wait: the {@code Retry-After} header, or Discord's {@code retry_after} body field. */
final class RetryAfter {

    private static final Pattern DISCORD = Pattern.compile("\"retry_after\"\\s*:\\s*([0-9]+(?:\\.[0-9]+)?)");

    private RetryAfter() {
    }

    /** {@code Retry-After}: delay-seconds or an HTTP-date (RFC 9110); empty when absent or unreadable. */
    static Optional<Duration> header(String value, Clock clock) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.strip();
        if (v.chars().allMatch(Character::isDigit) && v.length() < 10) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
        }
        try {
            ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration d = Duration.between(clock.instant(), at.toInstant());
            return Optional.of(d.isNegative() ? Duration.ZERO : d);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Discord's JSON 429 body: {@code {"retry_after": 1.234, ...}}, seconds, possibly fractional. */
    static Optional<Duration> discordBody(String body) {
        if (body == null) {
            return Optional.empty();
        }
        Matcher m = DISCORD.matcher(body);
        if (!m.find()) {
            return Optional.empty();
        }
        double seconds = Double.parseDouble(m.group(1));
        if (seconds > 86_400) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos((long) Math.ceil(seconds * 1_000_000_000d)));
    }
}
