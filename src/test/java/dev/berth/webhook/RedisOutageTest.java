package dev.berth.webhook;

import static dev.berth.testing.GitHubDeliveries.fixture;
import static dev.berth.testing.GitHubDeliveries.newDelivery;
import static dev.berth.testing.GitHubDeliveries.send;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.berth.events.RedisKeys;
import dev.berth.testing.GitHubDeliveries;
import dev.berth.testing.Metrics;
import dev.berth.testing.Poll;
import dev.berth.testing.RedisResource;
import dev.berth.testing.RedisServer;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Redis goes away and comes back (same port, same AOF data): nothing is acknowledged while it is away, the sender's
 * redelivery is stored exactly once after it is back, and readiness follows Redis while liveness does not.
 */
@QuarkusTest
@QuarkusTestResource(RedisResource.class)
class RedisOutageTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String HOOK = "4242";

    @Inject
    RedisDataSource redis;

    @Inject
    RedisKeys keys;

    @Test
    void nothingIsAcknowledgedWhileRedisIsAwayAndTheRedeliveryIsStoredOnce() {
        byte[] body = fixture("push/0.json");
        String delivery = newDelivery();
        RedisServer server = RedisResource.server();
        server.stop();
        try {
            Response refused = push(delivery, body);
            assertEquals(503, refused.statusCode(), refused.asString());
            assertNotNull(refused.header("Retry-After"), "503 tells the sender when to retry");
            assertEquals("unavailable", refused.jsonPath().getString("outcome"));

            Poll.until(DEADLINE, "readiness DOWN while Redis is stopped",
                    () -> given().get("/q/health/ready").statusCode() == 503);
            given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
            Poll.until(DEADLINE, "the stream-length gauge reads NaN while Redis is stopped", () -> {
                Double gauge = Metrics.gauge("berth_events_stream_length");
                return gauge != null && gauge.isNaN();
            });
        } finally {
            server.start();
        }

        // GitHub redelivers with the same delivery id; until the client has reconnected the answer is still 503.
        Response stored = Poll.value(DEADLINE, "a redelivery accepted after Redis is back", () -> {
            Response r = push(delivery, body);
            return r.statusCode() == 503 ? null : r;
        });
        assertEquals(202, stored.statusCode(), stored.asString());
        assertEquals("queued", stored.jsonPath().getString("outcome"));

        push(delivery, body).then().statusCode(200).body("outcome", equalTo("duplicate"));
        assertEquals(1, entriesFor(HOOK + ":" + delivery), "exactly one stream entry for the delivery");

        Poll.until(DEADLINE, "readiness UP after Redis is back",
                () -> given().get("/q/health/ready").statusCode() == 200);
        given().get("/q/health/live").then().statusCode(200);
    }

    private static Response push(String delivery, byte[] body) {
        return send("push", delivery, HOOK, body, GitHubDeliveries.SECRET).extract().response();
    }

    private long entriesFor(String deliveryId) {
        return redis.stream(String.class).xrange(keys.events(), StreamRange.of("-", "+")).stream()
                // The stored id is <hook>:<delivery>:<body hash prefix> (GitHubDedupe).
                .filter(m -> m.payload().getOrDefault("delivery", "").startsWith(deliveryId + ":")).count();
    }
}
