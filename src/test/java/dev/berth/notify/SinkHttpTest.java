package dev.berth.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.notify.DeliveryResult.Outcome;
import dev.berth.notify.SinkHttp.Reply;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SinkHttpTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-04T05:06:07Z"), ZoneOffset.UTC);

    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {
            "200, -, DELIVERED, -", "204, -, DELIVERED, -",
            "400, -, FAILED, -", "401, -, FAILED, -", "403, -, FAILED, -", "404, -, FAILED, -", "410, -, FAILED, -",
            "301, -, FAILED, -", "408, -, RETRY, -", "500, -, RETRY, -", "502, -, RETRY, -", "503, 7, RETRY, -",
            "429, -, RETRY, -", "429, 3, RETRY, 3000", "429, 'Tue, 04 Mar 2025 05:06:17 GMT', RETRY, 10000",
            "429, soon, RETRY, -"})
    void classifiesAnswers(int status, String retryAfter, Outcome outcome, Long waitMillis) {
        DeliveryResult r = SinkHttp.classify(new Reply(status, Optional.ofNullable(retryAfter), "x"),
                reply -> RetryAfter.header(reply.retryAfterHeader().orElse(null), CLOCK));
        assertEquals(outcome, r.outcome());
        assertEquals(waitMillis, r.retryAfter() == null ? null : r.retryAfter().toMillis());
    }

    @ParameterizedTest
    @CsvSource(nullValues = "-", delimiter = '|', value = {
            "{\"message\": \"You are being rate limited.\", \"retry_after\": 0.512, \"global\": false} | 512",
            "{\"retry_after\":2} | 2000", "{\"message\":\"x\"} | -", "- | -"})
    void readsDiscordRetryAfter(String body, Long millis) {
        assertEquals(Optional.ofNullable(millis).map(Duration::ofMillis), RetryAfter.discordBody(body));
    }
}
