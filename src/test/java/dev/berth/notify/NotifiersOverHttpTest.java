package dev.berth.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.notify.DeliveryResult.Outcome;
import dev.berth.testing.HttpSink;
import dev.berth.testing.HttpSink.Reply;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Each notifier against a real local HTTP server: what goes on the wire, and how answers are read. */
class NotifiersOverHttpTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private final SinkHttp http = new SinkHttp(Duration.ofSeconds(2), Duration.ofSeconds(5), Clock.systemUTC());

    @Test
    void cloudEventIsSignedOverTheRawBody() throws Exception {
        String secret = "consumer's shared secret";
        try (HttpSink sink = HttpSink.start()) {
            DeliveryResult r = new CloudEventsNotifier("ci", sink.url(), Samples.LINKS, http, secret)
                    .post(Samples.longIncident());
            assertEquals(Outcome.DELIVERED, r.outcome());
            HttpSink.Request got = sink.await(1, WAIT).get(0);
            assertTrue(got.header("Content-Type").startsWith("application/cloudevents+json"));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes("UTF-8"), "HmacSHA256"));
            String expected = "sha256=" + HexFormat.of().formatHex(mac.doFinal(got.body()));
            assertTrue(MessageDigest.isEqual(expected.getBytes("UTF-8"),
                    got.header("X-Berth-Signature-256").getBytes("UTF-8")), "signature verifies");
            JsonNode event = Json.MAPPER.readTree(got.body());
            assertEquals("dev.berth.rollback", event.path("type").asText());
            assertEquals("https://berth.example.com/api/v1/deployments/d-43", event.path("data").path("link").asText());
            assertTrue(!got.text().contains(secret), "the secret is not in the message");
        }
    }

    @Test
    void discordRateLimitWaitComesFromTheBody() {
        try (HttpSink sink = HttpSink.start()) {
            sink.script(1, Reply.status(429).header("Content-Type", "application/json")
                    .body("{\"message\": \"You are being rate limited.\", \"retry_after\": 1.5, \"global\": false}"));
            DeliveryResult r = new DiscordNotifier("chat", sink.url(), Links.none(), http).post(Samples.succeeded());
            assertEquals(Outcome.RETRY, r.outcome());
            assertEquals(Duration.ofMillis(1500), r.retryAfter());
        }
    }

    @Test
    void slackRefusalIsPermanentAndDoesNotLeakTheUrl() {
        try (HttpSink sink = HttpSink.start()) {
            sink.script(1, Reply.status(404).body("no_service"));
            DeliveryResult r = new SlackNotifier("ops", sink.url("/services/T000/B000/XXXXSECRET"), Links.none(), http)
                    .post(Samples.succeeded());
            assertEquals(Outcome.FAILED, r.outcome());
            assertEquals("HTTP 404: no_service", r.detail());
            assertTrue(sink.requests().get(0).header("Content-Type").startsWith("application/json"));
        }
    }

    @Test
    void aSinkThatIsDownIsATransientFailure() {
        HttpSink sink = HttpSink.start();
        sink.down();
        DeliveryResult r = new TeamsNotifier("teams", sink.url(), Links.none(), http).post(Samples.succeeded());
        assertEquals(Outcome.RETRY, r.outcome());
        assertEquals(0, r.status());
        sink.up();
        assertEquals(Outcome.DELIVERED, new TeamsNotifier("teams", sink.url(), Links.none(), http)
                .post(Samples.succeeded()).outcome());
        sink.close();
    }
}
