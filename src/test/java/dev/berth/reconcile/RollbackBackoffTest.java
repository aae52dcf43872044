package dev.berth.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The wait before the next attempt of a failed rollback: the first retry delay, doubled per failure, capped. */
class RollbackBackoffTest {

    private static RollbackAttempts attempts(Duration first, Duration max) {
        ReconcileConfig config = new ReconcileConfig() {
            public Duration poll() {
                return Duration.ofMillis(250);
            }

            public Duration rollbackRetry() {
                return first;
            }

            public Duration rollbackRetryMax() {
                return max;
            }

            public Duration metricsEvery() {
                return Duration.ofSeconds(15);
            }

            public Duration adoptEvery() {
                return Duration.ofSeconds(30);
            }
        };
        return new RollbackAttempts(null, null, null, null, null, null, null, null, null, null, null, config, null);
    }

    @ParameterizedTest(name = "after {0} failed attempt(s): {1} s")
    @CsvSource({"0, 10", "1, 20", "2, 40", "3, 80", "4, 160", "5, 300", "6, 300", "60, 300"})
    void doublesFromTheFirstDelayUpToTheMaximum(int failed, long seconds) {
        assertEquals(Duration.ofSeconds(seconds), attempts(Duration.ofSeconds(10), Duration.ofMinutes(5))
                .backoff(failed));
    }
}
