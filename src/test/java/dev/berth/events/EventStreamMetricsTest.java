package dev.berth.events;

import static dev.berth.testing.GitHubDeliveries.fixture;
import static dev.berth.testing.GitHubDeliveries.newDelivery;
import static dev.berth.testing.GitHubDeliveries.send;
import static org.hamcrest.Matchers.equalTo;

import dev.berth.testing.Metrics;
import dev.berth.testing.Poll;
import dev.berth.testing.RedisResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The stream-length gauge is exported and follows the stream (refreshed every second in the test profile). */
@QuarkusTest
@QuarkusTestResource(RedisResource.class)
class EventStreamMetricsTest {

    @Test
    void streamLengthIsExported() {
        send("push", newDelivery(), fixture("push/4.json")).statusCode(202).body("outcome", equalTo("queued"));
        Poll.until(Duration.ofSeconds(30), "berth_events_stream_length >= 1 in /q/metrics", () -> {
            Double value = Metrics.gauge("berth_events_stream_length");
            return value != null && value >= 1;
        });
    }
}
