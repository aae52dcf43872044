package dev.berth.webhook;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.events.RedisKeys;
import dev.berth.testing.EventStream;
import dev.berth.testing.Fixtures;
import dev.berth.testing.RedisResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Docker Hub, Quay and Harbor endpoints over HTTP, with the documented payloads and a real Redis. */
@QuarkusTest
@QuarkusTestResource(RedisResource.class)
class RegistryWebhooksTest {

    private static final String HARBOR_AUTH = "Basic dGVzdDpoYXJib3I=";

    @Inject
    RedisDataSource redis;

    @Inject
    RedisKeys keys;

    private EventStream stream() {
        return new EventStream(redis, keys.events());
    }

    @Test
    void dockerHubPushIsStoredOnceAsAHint() {
        byte[] body = dockerHub(UUID.randomUUID().toString().substring(0, 8));
        String id = post("/webhooks/dockerhub/test-dockerhub-token", "application/json", null, body).statusCode(202)
                .body("outcome", equalTo("queued")).extract().path("ids[0]");
        Map<String, String> event = entry(id);
        assertEquals("dockerhub", event.get("source"));
        assertEquals("docker.io/svendowideit/testhook", event.get("image"));
        assertEquals("true", event.get("resolve"));
        long length = stream().length();
        post("/webhooks/dockerhub/test-dockerhub-token", "application/json", null, body).statusCode(200)
                .body("outcome", equalTo("duplicate"));
        assertEquals(length, stream().length(), "a retried delivery is not stored twice");
    }

    @Test
    void quayPushIsStoredAsAHint() {
        String repository = "quay.io/dgangaia/test-" + Long.toString(System.nanoTime(), 36);
        ObjectNode payload = ((ObjectNode) Fixtures.json("quay/0-repo-push.json")).put("docker_url", repository);
        byte[] body = payload.toString().getBytes();
        String id = post("/webhooks/quay/test-quay-token-0123", "application/json", null, body).statusCode(202)
                .extract().path("ids[0]");
        Map<String, String> event = entry(id);
        assertEquals(repository, event.get("image"));
        assertEquals("latest", event.get("tag"));
        assertEquals("true", event.get("resolve"));
    }

    @ParameterizedTest
    @CsvSource({"0-push-artifact.json, application/json", "5-cloudevents-pushed-tagged.json, application/cloudevents+json"})
    void harborPushIsStoredWithItsDigest(String file, String contentType) {
        ObjectNode payload = (ObjectNode) Fixtures.json("harbor/" + file);
        payload.put(payload.has("id") ? "id" : "occur_at", UUID.randomUUID().toString());
        String id = post("/webhooks/harbor", contentType, HARBOR_AUTH, payload.toString().getBytes()).statusCode(202)
                .extract().path("ids[0]");
        Map<String, String> event = entry(id);
        assertEquals("hub.harbor.com/test-webhook/debian", event.get("image"));
        assertEquals("sha256:8a9e9863dbb6e10edb5adfe917c00da84e1700fa76e7ed02476aa6e6fb8ee0d8", event.get("digest"));
    }

    @ParameterizedTest
    @CsvSource({"harbor/3-cloudevents-deleted.json", "harbor/4-pull-artifact.json", "harbor/1-push-artifact-by-digest.json"})
    void harborEventsBerthDoesNotActOnAreIgnored(String file) {
        post("/webhooks/harbor", "application/json", HARBOR_AUTH, Fixtures.bytes(file)).statusCode(202)
                .body("outcome", equalTo("ignored"));
    }

    @ParameterizedTest
    @CsvSource({
        "/webhooks/dockerhub/wrong-token, , dockerhub/0-push.json",
        "/webhooks/dockerhub/test-dockerhub-tokem, , dockerhub/0-push.json",
        "/webhooks/quay/test-dockerhub-token, , quay/0-repo-push.json",
        "/webhooks/harbor, Basic d3Jvbmc=, harbor/0-push-artifact.json",
        "/webhooks/harbor, , harbor/0-push-artifact.json",
    })
    void badCredentialsAreUnauthorizedWithoutDetail(String path, String authorization, String file) {
        post(path, "application/json", authorization, Fixtures.bytes(file)).statusCode(401)
                .body("error", equalTo("credentials do not verify"));
    }

    @ParameterizedTest
    @CsvSource(quoteCharacter = '"', value = {
        "/webhooks/dockerhub/test-dockerhub-token, {\"push_data\":, body is not valid JSON (line 1)",
        "/webhooks/dockerhub/test-dockerhub-token, {\"push_data\":{}}, payload has no repository.repo_name",
        "/webhooks/quay/test-quay-token-0123, [1], payload is not a JSON object",
        "/webhooks/quay/test-quay-token-0123, {\"docker_url\":\"quay.io/a/b\"}, payload has no updated_tags list",
        "/webhooks/harbor, {\"type\":\"PUSH_ARTIFACT\"}, payload has no event_data object",
        "/webhooks/harbor, \"\", empty body",
    })
    void malformedBodiesAreBadRequests(String path, String body, String error) {
        post(path, "application/json", path.endsWith("harbor") ? HARBOR_AUTH : null, body.getBytes()).statusCode(400)
                .body("error", equalTo(error));
    }

    @ParameterizedTest
    @CsvSource({"/webhooks/dockerhub/test-dockerhub-token", "/webhooks/quay/test-quay-token-0123", "/webhooks/harbor"})
    void otherContentTypesAreUnsupported(String path) {
        post(path, "text/plain", HARBOR_AUTH, "hello".getBytes()).statusCode(415);
    }

    @Test
    void outcomesAreCountedAndPathTokensNeverShow() {
        post("/webhooks/quay/test-quay-token-0123", "application/json", null, "{".getBytes()).statusCode(400);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("berth_webhooks_total{event=\"unknown\",outcome=\"malformed\",source=\"quay\"}"))
                .body(not(containsString("test-quay-token-0123")))
                .body(not(containsString("test-dockerhub-token")));
    }

    private Map<String, String> entry(String id) {
        return redis.stream(String.class).xrange(keys.events(),
                io.quarkus.redis.datasource.stream.StreamRange.of(id, id)).get(0).payload();
    }

    /** Docker's documented payload with a distinct push time, so each test stores its own delivery. */
    private static byte[] dockerHub(String salt) {
        ObjectNode payload = (ObjectNode) Fixtures.json("dockerhub/0-push.json");
        ((ObjectNode) payload.get("push_data")).put("pushed_at", 1417566161L + Math.abs(salt.hashCode()));
        return payload.toString().getBytes();
    }

    private static ValidatableResponse post(String path, String contentType, String authorization, byte[] body) {
        var request = given().contentType(contentType).body(body);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request.post(path).then();
    }
}
