package dev.berth.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Retry-After parsing, backoff bounds and which statuses are retried. */
class RetriesTest {

    private static final Clock NOW = Clock.fixed(Instant.parse("2015-10-21T07:28:00Z"), ZoneOffset.UTC);

    static Stream<Arguments> retryAfter() {
        return Stream.of(
                Arguments.of("1", Optional.of(Duration.ofSeconds(1))),
                Arguments.of(" 120 ", Optional.of(Duration.ofSeconds(120))),
                Arguments.of("0", Optional.of(Duration.ZERO)),
                Arguments.of("Wed, 21 Oct 2015 07:28:05 GMT", Optional.of(Duration.ofSeconds(5))),
                Arguments.of("Wed, 21 Oct 2015 07:27:00 GMT", Optional.of(Duration.ZERO)),
                Arguments.of("99999999999999999999999", Optional.of(Duration.ofDays(1))),
                Arguments.of("-5", Optional.empty()),
                Arguments.of("soon", Optional.empty()),
                Arguments.of("", Optional.empty()),
                Arguments.of(null, Optional.empty()));
    }

    @ParameterizedTest(name = "Retry-After: {0}")
    @MethodSource
    void retryAfter(String header, Optional<Duration> expected) {
        assertEquals(expected, Retries.retryAfter(header, NOW));
    }

    @ParameterizedTest(name = "HTTP {0} retried: {1}")
    @CsvSource({"429,true", "500,true", "502,true", "503,true", "504,true", "501,false", "404,false", "400,false",
            "401,false", "200,false"})
    void retryable(int status, boolean expected) {
        assertEquals(expected, Retries.retryable(status));
    }

    @Test
    void backoffGrowsAndStaysUnderTheMaximum() {
        Duration base = Duration.ofMillis(100);
        Duration max = Duration.ofSeconds(2);
        for (int attempt = 2; attempt < 40; attempt++) {
            Duration wait = Retries.backoff(base, max, attempt);
            assertFalse(wait.isNegative());
            assertTrue(wait.compareTo(max) <= 0, "attempt " + attempt + ": " + wait);
        }
        assertTrue(Retries.backoff(base, max, 2).toMillis() <= 125);
        assertTrue(Retries.backoff(base, max, 4).toMillis() >= 350);
    }
}
