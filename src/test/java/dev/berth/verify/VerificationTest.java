package dev.berth.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.verify.Guard.Health;
import dev.berth.verify.Verification.Outcome;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The verification and guard state machines, driven tick by tick with a pinned clock. */
class VerificationTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final Duration INTERVAL = Duration.ofSeconds(5);

    /** Ticks: P pass, F fail, E checker error, one per interval from T0. */
    private static Verification run(String ticks, boolean checkerErrorsFail, Duration window) {
        Verification v = Verification.start(T0, window, 3, 3, checkerErrorsFail);
        for (int i = 0; i < ticks.length(); i++) {
            Instant at = T0.plus(INTERVAL.multipliedBy(i + 1));
            v = v.record(switch (ticks.charAt(i)) {
                case 'P' -> CheckResult.pass(at);
                case 'F' -> CheckResult.fail("http", "status 500", at);
                default -> CheckResult.checkerError("http", "connection refused", at);
            });
        }
        return v;
    }

    @ParameterizedTest
    @CsvSource({
        "PPP,        false, VERIFIED",
        "PP,         false, PENDING",
        "PPFPPP,     false, VERIFIED",
        "FFF,        false, FAILED",
        "FFPFF,      false, PENDING",
        "FFPFFF,     false, FAILED",
        "PPPFFF,     false, VERIFIED",
        "EEEEE,      false, PENDING",
        "EEE,        true,  FAILED",
        "PPEP,       false, VERIFIED",
        "FFEF,       false, FAILED",
    })
    void verifiesOrFailsOnStreaks(String ticks, boolean checkerErrorsFail, Outcome expected) {
        assertEquals(expected, run(ticks, checkerErrorsFail, Duration.ofMinutes(2)).outcome());
    }

    @ParameterizedTest
    @CsvSource({"PPFPPFPPF", "EEEEEEEEE"})
    void windowEndFailsAPendingVerification(String ticks) {
        Verification v = run(ticks, false, Duration.ofSeconds(30));
        assertEquals(Outcome.FAILED, v.outcome());
    }

    @ParameterizedTest
    @CsvSource({
        // ticks, minutes after deploy of the first tick, expected decision per tick
        "FFF,     1,   NONE NONE ROLLBACK",
        "FFF,     45,  NONE NONE ALERT",
        "FFFF,    1,   NONE NONE ROLLBACK NONE",
        "FFPFFF,  1,   NONE NONE NONE NONE NONE ROLLBACK",
        "FEFF,    1,   NONE NONE NONE ROLLBACK",
        "PPPP,    1,   NONE NONE NONE NONE",
    })
    void guardRollsBackInTheTickThatCrossesTheThresholdInsideTheWindow(String ticks, int minutes, String expected) {
        Guard g = Guard.watching(T0, Duration.ofMinutes(30), 3);
        StringBuilder decisions = new StringBuilder();
        for (int i = 0; i < ticks.length(); i++) {
            Instant at = T0.plus(Duration.ofMinutes(minutes)).plus(INTERVAL.multipliedBy(i));
            Guard.Step step = g.record(switch (ticks.charAt(i)) {
                case 'P' -> CheckResult.pass(at);
                case 'F' -> CheckResult.fail("http", "status 500", at);
                default -> CheckResult.checkerError("http", "timeout", at);
            });
            g = step.next();
            decisions.append(i == 0 ? "" : " ").append(step.decision());
        }
        assertEquals(expected, decisions.toString());
    }

    @ParameterizedTest
    @CsvSource({"F, DEGRADED", "FF, DEGRADED", "FFF, FAILING", "FFFP, HEALTHY"})
    void healthFollowsConsecutiveFailures(String ticks, Health expected) {
        Guard g = Guard.watching(T0, Duration.ofMinutes(30), 3);
        for (int i = 0; i < ticks.length(); i++) {
            Instant at = T0.plus(INTERVAL.multipliedBy(i));
            g = g.record(ticks.charAt(i) == 'P' ? CheckResult.pass(at) : CheckResult.fail("c", "d", at)).next();
        }
        assertEquals(expected, g.health());
    }
}
