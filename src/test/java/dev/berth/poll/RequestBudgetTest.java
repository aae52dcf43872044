package dev.berth.poll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A registry's request budget and Retry-After, on a clock the test moves. */
class RequestBudgetTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-30T10:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    @Test
    void aFullBudgetIsSpentThenRefilledContinuously() {
        RequestBudget budget = new RequestBudget(60, clock);
        for (int i = 0; i < 60; i++) {
            assertEquals(Duration.ZERO, budget.take(), "request " + i);
        }
        assertEquals(Duration.ofSeconds(1), budget.take(), "one request per second comes back");
        now.set(now.get().plusMillis(500));
        assertEquals(Duration.ofMillis(500), budget.take());
        now.set(now.get().plusMillis(500));
        assertEquals(Duration.ZERO, budget.take());
        now.set(now.get().plus(Duration.ofHours(1)));
        assertEquals(60.0, budget.remaining(), 0.001, "never more than a minute's worth");
        assertThrows(IllegalArgumentException.class, () -> new RequestBudget(0, clock));
    }

    @Test
    void retryAfterIsSecondsOrAnHttpDate() {
        assertEquals(Optional.of(Duration.ofSeconds(3)), RetryAfterHeader.parse("3", clock));
        assertEquals(Optional.of(Duration.ofSeconds(90)), RetryAfterHeader.parse("Mon, 30 Nov 2026 10:01:30 GMT", clock));
        assertEquals(Optional.of(Duration.ZERO), RetryAfterHeader.parse("Mon, 30 Nov 2026 09:00:00 GMT", clock));
        assertEquals(Optional.of(Duration.ofDays(1)), RetryAfterHeader.parse("999999999", clock));
        assertEquals(Optional.empty(), RetryAfterHeader.parse("soon", clock));
        assertEquals(Optional.empty(), RetryAfterHeader.parse(null, clock));
    }
}
