package dev.berth.verify;

import java.time.Duration;
import java.time.Instant;

/**
 * The scheduler's view of one running environment after verification: health from consecutive check failures,
 * and what to do when it regresses. A regression (consecutive failures reaching the threshold) inside the rollback
 * window after the environment's last deploy rolls back; outside it only alerts, because the deploy is probably not
 * the cause. Immutable; {@link #record} returns the next state and the decision of that tick.
 */
public record Guard(Instant deployedAt, Duration rollbackWindow, int failureThreshold, int failStreak,
        Health health, boolean acted) {

    public enum Health {
        HEALTHY, DEGRADED, FAILING
    }

    public enum Decision {
        NONE, ALERT, ROLLBACK
    }

    /** A tick's outcome: the next state and what to do now. */
    public record Step(Guard next, Decision decision) {
    }

    public static Guard watching(Instant deployedAt, Duration rollbackWindow, int failureThreshold) {
        return new Guard(deployedAt, rollbackWindow, failureThreshold, 0, Health.HEALTHY, false);
    }

    /**
     * Records one round of checks. The decision is taken in the same tick that crosses the threshold, once per
     * regression: a later failing tick does not roll back or alert again until health recovered.
     */
    public Step record(CheckResult result) {
        if (result.verdict() == CheckResult.Verdict.PASS) {
            return new Step(new Guard(deployedAt, rollbackWindow, failureThreshold, 0, Health.HEALTHY, false),
                    Decision.NONE);
        }
        if (result.verdict() == CheckResult.Verdict.CHECKER_ERROR) {
            return new Step(this, Decision.NONE);
        }
        int streak = failStreak + 1;
        Health next = streak >= failureThreshold ? Health.FAILING : Health.DEGRADED;
        if (next == Health.FAILING && !acted) {
            boolean inWindow = result.at().isBefore(deployedAt.plus(rollbackWindow));
            return new Step(new Guard(deployedAt, rollbackWindow, failureThreshold, streak, next, true),
                    inWindow ? Decision.ROLLBACK : Decision.ALERT);
        }
        return new Step(new Guard(deployedAt, rollbackWindow, failureThreshold, streak, next, acted), Decision.NONE);
    }
}
