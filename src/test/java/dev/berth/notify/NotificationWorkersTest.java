package dev.berth.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.notify.NotifyMetrics.Outcome;
import dev.berth.testing.HttpSink;
import dev.berth.testing.Poll;
import dev.berth.webhook.Signatures;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The application starts the configured sinks by itself: publish, and a signed CloudEvent arrives. */
@QuarkusTest
@TestProfile(NotificationWorkersTest.WithSink.class)
class NotificationWorkersTest {

    static final String SECRET = "e2e shared secret";

    @Inject
    NotificationOutbox outbox;
    @Inject
    NotifyMetrics metrics;

    @Test
    void publishedNotificationReachesTheConfiguredSink() throws Exception {
        Notification n = Samples.succeeded();
        outbox.publish(n);
        HttpSink.Request got = SinkResource.sink.await(1, Duration.ofSeconds(20)).get(0);
        assertEquals("sha256=" + Signatures.hmacSha256Hex(SECRET, got.body()), got.header("X-Berth-Signature-256"));
        JsonNode event = Json.MAPPER.readTree(got.body());
        assertEquals("dev.berth.deploy.succeeded", event.path("type").asText());
        assertEquals("http://berth.test/api/v1/deployments/d-42", event.path("data").path("link").asText());
        Poll.until(Duration.ofSeconds(10), "counted delivered",
                () -> metrics.value("e2e", n.kind().wire(), Outcome.DELIVERED) == 1);
    }

    /** One generic sink pointing at a local HTTP sink. */
    public static class WithSink implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(SinkResource.class));
        }
    }

    /** Starts the HTTP sink and configures it as sink {@code e2e}. */
    public static class SinkResource implements QuarkusTestResourceLifecycleManager {
        static volatile HttpSink sink;

        @Override
        public Map<String, String> start() {
            sink = HttpSink.start();
            return Map.of("berth.notify.public-url", "http://berth.test/",
                    "berth.notify.sinks.e2e.type", "webhook",
                    "berth.notify.sinks.e2e.url", sink.url("/berth").toString(),
                    "berth.notify.sinks.e2e.secret", SECRET,
                    "berth.notify.consumer", "e2e-test");
        }

        @Override
        public void stop() {
            if (sink != null) {
                sink.close();
            }
        }
    }
}
