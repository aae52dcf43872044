package dev.berth.webhook;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.events.RedisKeys;
import dev.berth.testing.DistributionRegistry;
import dev.berth.testing.EventStream;
import dev.berth.testing.Fixtures;
import dev.berth.testing.Poll;
import dev.berth.testing.RedisResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code POST /webhooks/distribution}, end to end with a real registry sending its notifications to berth. */
@QuarkusTest
@QuarkusTestResource(RedisResource.class)
class DistributionWebhookTest {

    private static final String AUTHORIZATION = "Bearer test-distribution-token";
    private static final String EVENTS_V1 = DistributionWebhookResource.EVENTS_V1;
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    RedisDataSource redis;

    @Inject
    RedisKeys keys;

    private EventStream stream;

    @BeforeEach
    void stream() {
        stream = new EventStream(redis, keys.events());
    }

    @Test
    void realRegistryPushesBecomeOneEventPerTaggedManifestAndPullsNone() throws Exception {
        String name = "e2e/web-" + Long.toString(System.nanoTime(), 36);
        String url = "http://127.0.0.1:" + RestAssured.port + "/webhooks/distribution";
        try (DistributionRegistry registry = new DistributionRegistry().notifying(url, AUTHORIZATION).start()) {
            String repository = "127.0.0.1:" + registry.url().substring(registry.url().lastIndexOf(':') + 1) + "/" + name;
            String image = registry.pushImage(name, "1.0.0");
            Poll.until(WAIT, "the image push event", () -> stream.forImage(repository).size() == 1);
            Map<String, String> event = stream.forImage(repository).get(0);
            assertEquals("image.push", event.get("kind"));
            assertEquals("distribution", event.get("source"));
            assertEquals("1.0.0", event.get("tag"));
            assertEquals(image, event.get("digest"));
            assertEquals(DistributionRegistry.OCI_MANIFEST, event.get("mediaType"));
            assertNull(event.get("resolve"), "the registry's digest is trusted");

            String index = registry.pushIndex(name, "1.1.0", "amd64", "arm64");
            Poll.until(WAIT, "the index push event", () -> stream.forImage(repository).size() == 2);
            assertEquals(index, stream.forImage(repository).get(1).get("digest"));
            assertEquals(DistributionRegistry.OCI_INDEX, stream.forImage(repository).get(1).get("mediaType"));

            pull(registry, name, "1.0.0", "GET");
            pull(registry, name, "1.0.0", "HEAD");
            // The registry sends in order: once this later push arrived, the pull notifications were answered.
            String later = registry.pushImage(name, "1.2.0");
            Poll.until(WAIT, "the later push event", () -> stream.forImage(repository).stream()
                    .anyMatch(e -> later.equals(e.get("digest"))));
            List<Map<String, String>> events = stream.forImage(repository);
            assertEquals(List.of("1.0.0", "1.1.0", "1.2.0"), events.stream().map(e -> e.get("tag")).toList(),
                    "blobs, platform manifests and pulls make no events");
        }
    }

    @Test
    void wrongOrMissingAuthorizationIsRefusedWithoutDetail() {
        byte[] body = Fixtures.bytes("distribution/02-push-oci-manifest-1.0.0.json");
        send(body, "Bearer wrong").statusCode(401).body("error", equalTo("credentials do not verify"));
        given().contentType(EVENTS_V1).body(body).post("/webhooks/distribution").then().statusCode(401)
                .body("error", equalTo("credentials do not verify"));
        send(body, AUTHORIZATION.toLowerCase()).statusCode(401);
    }

    @Test
    void oneMalformedEventDoesNotBlockTheGoodOnes() {
        ObjectNode envelope = envelope();
        ArrayNode events = (ArrayNode) envelope.get("events");
        ObjectNode bad = events.get(0).deepCopy();
        bad.put("id", UUID.randomUUID().toString());
        ((ObjectNode) bad.get("target")).put("digest", "sha256:not-a-digest");
        events.insert(0, bad);
        String good = events.get(1).get("id").asText();
        send(envelope.toString().getBytes(), AUTHORIZATION).statusCode(202).body("outcome", equalTo("queued"))
                .body("queued", equalTo(1));
        assertEquals(1, stream.forDelivery(good).size());
        assertEquals(0, stream.forDelivery(bad.get("id").asText()).size());
    }

    @Test
    void repeatedEnvelopeIsAcknowledgedAndNotStoredTwice() {
        byte[] body = envelope().toString().getBytes();
        send(body, AUTHORIZATION).statusCode(202).body("outcome", equalTo("queued"));
        long length = stream.length();
        send(body, AUTHORIZATION).statusCode(200).body("outcome", equalTo("duplicate"));
        assertEquals(length, stream.length());
    }

    @Test
    void wellFormedNotificationsBerthDoesNotActOnAreIgnored() {
        send(Fixtures.bytes("distribution/10-pull-oci-manifest-1.0.0.json"), AUTHORIZATION).statusCode(202)
                .body("outcome", equalTo("ignored")).body("reason", equalTo("action 'pull' is not a push"));
        send(Fixtures.bytes("distribution/00-push-blob.json"), AUTHORIZATION).statusCode(202)
                .body("outcome", equalTo("ignored"));
    }

    @Test
    void bodyThatIsNotAnEnvelopeIsMalformed() {
        send("{\"events\": ".getBytes(), AUTHORIZATION).statusCode(400).body("error", equalTo(
                "body is not valid JSON (line 1)"));
        send("{\"event\": []}".getBytes(), AUTHORIZATION).statusCode(400).body("error", equalTo(
                "payload is not a notification envelope: no events array"));
    }

    @Test
    void otherContentTypesAreUnsupported() {
        given().contentType("text/plain").header("Authorization", AUTHORIZATION).body("{}")
                .post("/webhooks/distribution").then().statusCode(415);
        given().contentType("application/vnd.docker.distribution.events.v2+json").header("Authorization", AUTHORIZATION)
                .body(envelope().toString()).post("/webhooks/distribution").then().statusCode(202);
        given().contentType("application/json").header("Authorization", AUTHORIZATION)
                .body(envelope().toString()).post("/webhooks/distribution").then().statusCode(202);
    }

    @Test
    void redisDownIsServiceUnavailableAndTheRetryIsStored() {
        byte[] body = envelope().toString().getBytes();
        RedisResource.server().stop();
        try {
            send(body, AUTHORIZATION).statusCode(503).header("Retry-After", "5")
                    .body("outcome", equalTo("unavailable"));
        } finally {
            RedisResource.server().start();
        }
        Poll.until(WAIT, "the retried delivery is stored", () -> send(body, AUTHORIZATION).extract().statusCode() == 202);
    }

    /** The recorded tagged push, with a fresh event id so each test stores its own event. */
    private static ObjectNode envelope() {
        ObjectNode envelope = (ObjectNode) Fixtures.json("distribution/02-push-oci-manifest-1.0.0.json");
        ((ObjectNode) envelope.get("events").get(0)).put("id", UUID.randomUUID().toString());
        return envelope;
    }

    private static ValidatableResponse send(byte[] body, String authorization) {
        return given().contentType(EVENTS_V1).header("Authorization", authorization).body(body)
                .post("/webhooks/distribution").then();
    }

    private static void pull(DistributionRegistry registry, String name, String tag, String method) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(registry.url() + "/v2/" + name + "/manifests/" + tag))
                .header("Accept", DistributionRegistry.OCI_MANIFEST).method(method, HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(10)).build();
        HttpResponse<Void> r = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding());
        assertEquals(200, r.statusCode(), method + " manifest");
    }
}
