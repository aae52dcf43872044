package dev.berth.config;

import java.time.Duration;

/**
 * How a fresh deployment is verified: all checks run every {@code interval}; {@code passes} consecutive passing
 * rounds verify it, {@code failures} consecutive failing rounds fail it, and it fails when not verified within
 * {@code window}.
 */
public record VerifyPolicy(Duration interval, int passes, int failures, Duration window) {

    public static final VerifyPolicy DEFAULT = new VerifyPolicy(Duration.ofSeconds(5), 3, 3, Duration.ofMinutes(2));

    public VerifyPolicy {
        Durations.within("interval", interval, Duration.ofSeconds(1), Duration.ofHours(1));
        Durations.within("window", window, Duration.ofSeconds(1), Duration.ofDays(1));
        if (passes < 1 || passes > 100 || failures < 1 || failures > 100) {
            throw new IllegalArgumentException("passes and failures must be from 1 to 100");
        }
        if (interval.multipliedBy(passes - 1L).compareTo(window) > 0) {
            throw new IllegalArgumentException("window " + Durations.format(window) + " is shorter than the "
                    + passes + " passes at " + Durations.format(interval) + " intervals it must contain");
        }
    }
}
