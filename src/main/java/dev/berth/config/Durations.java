package dev.berth.config;

import dev.berth.domain.Printable;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as app.yaml writes them: a whole number and one unit, {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h},
 * {@code 1d}.
 */
public final class Durations {

    private static final Pattern GRAMMAR = Pattern.compile("([0-9]{1,9})(ms|s|m|h|d)");

    private Durations() {
    }

    /** Parses a duration; throws {@link IllegalArgumentException} with the accepted forms. */
    public static Duration parse(String text) {
        Matcher m = text == null ? null : GRAMMAR.matcher(text.trim());
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("'" + Printable.clip(text)
                    + "' is not a duration (a whole number and one unit: 500ms, 5s, 2m, 1h, 1d)");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    /** Formats a duration in the largest unit that represents it exactly ({@code 90s} stays {@code 90s}). */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms != 0 && ms % 86_400_000 == 0) {
            return ms / 86_400_000 + "d";
        }
        if (ms != 0 && ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms != 0 && ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }

    /** Checks {@code min <= d <= max}; the message names both bounds. */
    static Duration within(String what, Duration d, Duration min, Duration max) {
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new IllegalArgumentException(what + " " + format(d) + " is out of range (" + format(min) + " to "
                    + format(max) + ")");
        }
        return d;
    }
}
