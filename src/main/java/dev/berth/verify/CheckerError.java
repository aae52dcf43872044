package dev.berth.verify;

/**
 * berth could not run a check as configured or could not understand the host agent's answer: the round is a
 * {@link CheckResult.Verdict#CHECKER_ERROR}, not a failure of the application. The message says what and what to do.
 */
final class CheckerError extends RuntimeException {

    CheckerError(String message) {
        super(message);
    }

    CheckerError(String message, Throwable cause) {
        super(message, cause);
    }
}
