package dev.berth.promote;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.domain.DeploymentId;
import dev.berth.domain.Digest;
import dev.berth.verify.CheckResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The soak's decisions, round by round, against a fixed clock. */
class SoakTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-01T10:00:00Z"), ZoneOffset.UTC);
    private static final Digest DIGEST = new Digest("sha256:" + "a".repeat(64));

    private static Soak fresh() {
        return Soak.start(DeploymentId.next(CLOCK.instant()), DIGEST, "1.0.0", CLOCK.instant(),
                Duration.ofMinutes(10));
    }

    private static Instant at(long seconds) {
        return CLOCK.instant().plusSeconds(seconds);
    }

    @Test
    void passesBeforeTheEndWaitAndTheFirstPassAfterItPromotes() {
        Soak soak = fresh();
        assertEquals(at(600), soak.until());
        for (int s = 0; s < 600; s += 60) {
            Soak.Step step = soak.record(CheckResult.pass(at(s)), at(s), false);
            assertEquals(Soak.Decision.WAIT, step.decision(), "at " + s + " s");
            soak = step.next();
        }
        assertEquals(10, soak.passes());
        assertEquals(Duration.ofSeconds(60), soak.remaining(at(540)));
        Soak.Step done = soak.record(CheckResult.pass(at(600)), at(600), false);
        assertEquals(Soak.Decision.PROMOTE, done.decision());
        assertEquals(11, done.next().passes());
        assertEquals(Duration.ZERO, done.next().remaining(at(601)));
    }

    @ParameterizedTest(name = "{0} at {1} s, checker errors fail: {2} -> {3}")
    @CsvSource({
            "FAIL, 30, false, CANCEL",
            "FAIL, 700, false, CANCEL",
            "CHECKER_ERROR, 30, false, WAIT",
            "CHECKER_ERROR, 700, false, WAIT",
            "CHECKER_ERROR, 30, true, CANCEL",
            "PASS, 599, false, WAIT",
            "PASS, 600, false, PROMOTE",
    })
    void decisionOfOneRound(CheckResult.Verdict verdict, long second, boolean checkerErrorsFail,
            Soak.Decision expected) {
        CheckResult r = new CheckResult(verdict, verdict == CheckResult.Verdict.PASS ? null : "GET /health",
                verdict == CheckResult.Verdict.PASS ? null : "status 500", at(second));
        assertEquals(expected, fresh().record(r, at(second), checkerErrorsFail).decision());
    }

    @Test
    void aCheckerErrorNeitherCountsAsAPassNorEndsTheSoak() {
        Soak.Step step = fresh().record(CheckResult.checkerError("compose", "unreachable", at(700)), at(700), false);
        assertEquals(0, step.next().passes());
        assertEquals(Soak.Decision.WAIT, step.decision());
    }
}
