package dev.berth.verify;

import java.time.Instant;

/**
 * The result of one round of smoke checks on an environment.
 *
 * @param verdict what the round says about the application
 * @param check   the check that decided it (for a failure: the first that failed)
 * @param detail  what it saw ("status 500", "body lacks 'ok'", "connection refused")
 */
public record CheckResult(Verdict verdict, String check, String detail, Instant at) {

    public enum Verdict {
        /** Every check passed. */
        PASS,
        /** A check ran and the application failed it. */
        FAIL,
        /** berth could not run a check at all (host unreachable): not the application's fault unless configured. */
        CHECKER_ERROR
    }

    public static CheckResult pass(Instant at) {
        return new CheckResult(Verdict.PASS, null, null, at);
    }

    public static CheckResult fail(String check, String detail, Instant at) {
        return new CheckResult(Verdict.FAIL, check, detail, at);
    }

    public static CheckResult checkerError(String check, String detail, Instant at) {
        return new CheckResult(Verdict.CHECKER_ERROR, check, detail, at);
    }
}
