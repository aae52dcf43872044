package dev.berth.config;

import java.time.Duration;

/**
 * Automatic rollback after a verified deployment: when health regresses ({@code failures} consecutive failing check
 * rounds) within {@code window} after the deployment, berth rolls back to the last known-good release. A window of
 * {@code 0s} turns automatic rollback off (regressions are still reported).
 */
public record RollbackPolicy(Duration window, int failures) {

    public static final RollbackPolicy DEFAULT = new RollbackPolicy(Duration.ofMinutes(30), 3);

    public RollbackPolicy {
        Durations.within("window", window, Duration.ZERO, Duration.ofDays(7));
        if (failures < 1 || failures > 100) {
            throw new IllegalArgumentException("failures must be from 1 to 100");
        }
    }

    public boolean automatic() {
        return !window.isZero();
    }
}
