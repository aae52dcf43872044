package dev.berth.work;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which loop states make liveness DOWN, and how they read in the health answer. */
class LoopStateTest {

    @ParameterizedTest(name = "{0}, beat {1} ms ago, allowed {2} ms: failing={3}")
    @CsvSource({
        "RUNNING, 100, 1000, false, 'running, last beat 0.1 s ago'",
        "RUNNING, 1000, 1000, false, 'running, last beat 1.0 s ago'",
        "RUNNING, 1001, 1000, true, 'stalled: last beat 1.001 s ago, allowed 1.0 s'",
        "STOPPED, 99999, 1000, false, stopped",
        "DIED, 10, 1000, true, 'died: boom (last beat 0.01 s ago)'",
    })
    void failingWhenDeadOrStalled(LoopState.Status status, long sinceMs, long allowedMs, boolean failing,
            String described) {
        LoopState s = new LoopState("router", status, Duration.ofMillis(sinceMs), Duration.ofMillis(allowedMs),
                status == LoopState.Status.DIED ? "boom" : null);
        assertEquals(failing, s.failing());
        assertEquals(described, s.describe());
    }

    @ParameterizedTest
    @CsvSource({"''", "' '"})
    void aLoopNeedsAName(String name) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new LoopState(name,
                LoopState.Status.RUNNING, Duration.ZERO, Duration.ofSeconds(1), null));
        assertEquals("a worker loop needs a name", e.getMessage());
    }
}
