package dev.berth.verify;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The state machine that verifies a fresh deploy: probes every {@code interval} up to {@code window}; verified after
 * {@code passes} consecutive passes; failed after {@code failures} consecutive failures or when the window ends
 * first. Immutable: {@link #record} returns the next state. Checker errors count as failures only when
 * {@code checkerErrorsFail} is set; otherwise they break neither streak.
 */
public record Verification(Instant startedAt, Duration window, int passes, int failures, boolean checkerErrorsFail,
        int passStreak, int failStreak, Outcome outcome, CheckResult decisive) {

    public enum Outcome {
        PENDING, VERIFIED, FAILED
    }

    public Verification {
        Objects.requireNonNull(startedAt, "startedAt");
        if (passes < 1 || failures < 1) {
            throw new IllegalArgumentException("passes and failures must be at least 1");
        }
    }

    public static Verification start(Instant at, Duration window, int passes, int failures,
            boolean checkerErrorsFail) {
        return new Verification(at, window, passes, failures, checkerErrorsFail, 0, 0, Outcome.PENDING, null);
    }

    /** The state after one more round of checks. A decided verification does not change. */
    public Verification record(CheckResult result) {
        if (outcome != Outcome.PENDING) {
            return this;
        }
        boolean failed = result.verdict() == CheckResult.Verdict.FAIL
                || (checkerErrorsFail && result.verdict() == CheckResult.Verdict.CHECKER_ERROR);
        if (result.verdict() == CheckResult.Verdict.PASS) {
            int streak = passStreak + 1;
            Outcome next = streak >= passes ? Outcome.VERIFIED : Outcome.PENDING;
            return new Verification(startedAt, window, passes, failures, checkerErrorsFail, streak, 0,
                    next, next == Outcome.VERIFIED ? result : null).expireAt(result.at());
        }
        if (failed) {
            int streak = failStreak + 1;
            Outcome next = streak >= failures ? Outcome.FAILED : Outcome.PENDING;
            return new Verification(startedAt, window, passes, failures, checkerErrorsFail, 0, streak, next,
                    result).expireAt(result.at());
        }
        return expireAt(result.at());
    }

    /** The same state with another outcome (used when there is nothing to check). */
    public Verification withOutcome(Outcome newOutcome) {
        return new Verification(startedAt, window, passes, failures, checkerErrorsFail, passStreak, failStreak,
                newOutcome, decisive);
    }

    /** Fails a pending verification whose window has ended at {@code now}. */
    public Verification expireAt(Instant now) {
        if (outcome == Outcome.PENDING && !now.isBefore(startedAt.plus(window))) {
            return new Verification(startedAt, window, passes, failures, checkerErrorsFail, passStreak, failStreak,
                    Outcome.FAILED, decisive == null
                            ? CheckResult.fail("window", "not verified within " + window, now) : decisive);
        }
        return this;
    }
}
