package dev.berth.webhook;

import static dev.berth.testing.GitHubDeliveries.fixture;
import static dev.berth.testing.GitHubDeliveries.newDelivery;
import static dev.berth.testing.GitHubDeliveries.send;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.testing.Fixtures;
import dev.berth.testing.Poll;
import dev.berth.testing.RawSocket;
import dev.berth.testing.RedisResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, item 2, against the running service: credentials are checked before a body is read, registry routes have
 * a small limit, and the bytes of bodies in flight are bounded across all requests. The requests declare large bodies
 * and send none: a server that read bodies before checking credentials would wait for them and never answer.
 */
@QuarkusTest
@QuarkusTestResource(RedisResource.class)
@TestProfile(WebhookIngressLimitsTest.SmallBudget.class)
class WebhookIngressLimitsTest {

    /** 1 MB of bodies in flight at most. */
    public static class SmallBudget implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("berth.webhooks.max-in-flight", "1M");
        }
    }

    private static final String NINE_MB = Integer.toString(9 * 1024 * 1024);
    /** Under the registry routes' 512 KB limit, so the credential decides. */
    private static final String FOUR_HUNDRED_KB = Integer.toString(400 * 1024);
    private static final String VALID_LOOKING_SIGNATURE = "sha256=" + "ab".repeat(32);

    @Inject
    InFlightBudget budget;

    @AfterEach
    void nothingStaysReserved() {
        Poll.until(Duration.ofSeconds(30), "every reserved byte to be released", () -> budget.used() == 0);
    }

    private static Map<String, String> headers(String... pairs) {
        Map<String, String> h = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            h.put(pairs[i], pairs[i + 1]);
        }
        return h;
    }

    /** Requests without a valid credential, each declaring a body within its route's limit that it never sends. */
    private static List<RawSocket> unauthenticated() throws Exception {
        List<RawSocket> sockets = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            sockets.add(RawSocket.post("/webhooks/github", headers("Content-Type", "application/json",
                    "Content-Length", NINE_MB, "X-GitHub-Event", "push")));
            sockets.add(RawSocket.post("/webhooks/github", headers("Content-Type", "application/json",
                    "Content-Length", NINE_MB, "X-GitHub-Event", "push", "X-Hub-Signature-256", "sha256=nothex")));
            sockets.add(RawSocket.post("/webhooks/distribution", headers("Content-Type", "application/json",
                    "Content-Length", FOUR_HUNDRED_KB, "Authorization", "Bearer wrong-token-0123456789")));
            sockets.add(RawSocket.post("/webhooks/harbor", headers("Content-Type", "application/json",
                    "Content-Length", FOUR_HUNDRED_KB)));
            sockets.add(RawSocket.post("/webhooks/dockerhub/wrong-token-0123456789",
                    headers("Content-Type", "application/json", "Content-Length", FOUR_HUNDRED_KB)));
            sockets.add(RawSocket.post("/webhooks/quay/wrong-token-0123456789",
                    headers("Content-Type", "application/json", "Content-Length", FOUR_HUNDRED_KB)));
        }
        return sockets;
    }

    @Test
    void concurrentUnauthenticatedLargeBodiesAreRefusedUnread() throws Exception {
        List<RawSocket> sockets = unauthenticated();
        try {
            for (RawSocket socket : sockets) {
                RawSocket.Answer answer = socket.answer();
                assertEquals(401, answer.status(), answer.body());
                assertTrue(answer.body().contains("\"outcome\":\"unauthorized\""), answer.body());
                assertEquals("close", answer.headers().get("Connection"));
            }
        } finally {
            for (RawSocket socket : sockets) {
                socket.close();
            }
        }
        assertEquals(0, budget.used(), "refused requests reserve nothing");
    }

    @Test
    void registryBodiesAboveTheirLimitAreRefusedUnread() throws Exception {
        try (RawSocket socket = RawSocket.post("/webhooks/distribution", headers("Content-Type", "application/json",
                "Content-Length", Integer.toString(600 * 1024), "Authorization", "Bearer test-distribution-token"))) {
            RawSocket.Answer answer = socket.answer();
            assertEquals(413, answer.status(), answer.body());
        }
    }

    @Test
    void chunkedRegistryBodiesAboveTheirLimitAreCutOff() throws Exception {
        try (RawSocket socket = RawSocket.post("/webhooks/harbor", headers("Content-Type", "application/json",
                "Transfer-Encoding", "chunked", "Authorization", "Basic dGVzdDpoYXJib3I="))) {
            byte[] chunk = new byte[256 * 1024];
            java.util.Arrays.fill(chunk, (byte) ' ');
            for (int i = 0; i < 3; i++) {
                socket.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                socket.write(chunk);
                socket.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            assertEquals(413, socket.answer().status());
        }
    }

    @Test
    void bytesInFlightAreBoundedAcrossRequests() throws Exception {
        String length = Integer.toString(800 * 1024);
        try (RawSocket slow = RawSocket.post("/webhooks/github", headers("Content-Type", "application/json",
                "Content-Length", length, "X-GitHub-Event", "push", "X-GitHub-Delivery", newDelivery(),
                "X-Hub-Signature-256", VALID_LOOKING_SIGNATURE))) {
            slow.write("{\"padding\":\"".getBytes(StandardCharsets.US_ASCII));
            Poll.until(Duration.ofSeconds(30), "the slow body to hold its bytes", () -> budget.used() >= 800 * 1024);

            try (RawSocket second = RawSocket.post("/webhooks/github", headers("Content-Type", "application/json",
                    "Content-Length", length, "X-GitHub-Event", "push", "X-GitHub-Delivery", newDelivery(),
                    "X-Hub-Signature-256", VALID_LOOKING_SIGNATURE))) {
                RawSocket.Answer answer = second.answer();
                assertEquals(503, answer.status(), answer.body());
                assertEquals("5", answer.headers().get("Retry-After"));
                assertTrue(answer.body().contains("\"outcome\":\"overloaded\""), answer.body());
            }
            try (RawSocket chunked = RawSocket.post("/webhooks/distribution", headers("Content-Type",
                    "application/json", "Transfer-Encoding", "chunked", "Authorization",
                    "Bearer test-distribution-token"))) {
                byte[] chunk = new byte[300 * 1024];
                chunked.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                chunked.write(chunk);
                assertEquals(503, chunked.answer().status());
            }
            // A small delivery still fits next to the slow one.
            send("ping", newDelivery(), fixture("ping/0.json")).statusCode(200).body("outcome", equalTo("pong"));
        }
        Poll.until(Duration.ofSeconds(30), "the abandoned body's bytes to be released", () -> budget.used() == 0);
        send("push", newDelivery(), fixture("push/0.json")).statusCode(202).body("outcome", equalTo("queued"));
        given().contentType("application/json").header("Authorization", "Bearer test-distribution-token")
                .body(Fixtures.bytes("distribution/02-push-oci-manifest-1.0.0.json")).post("/webhooks/distribution").then()
                .statusCode(org.hamcrest.Matchers.anyOf(equalTo(200), equalTo(202)));
    }
}
