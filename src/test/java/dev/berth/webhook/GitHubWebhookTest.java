package dev.berth.webhook;

import static dev.berth.testing.GitHubDeliveries.fixture;
import static dev.berth.testing.GitHubDeliveries.newDelivery;
import static dev.berth.testing.GitHubDeliveries.send;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.events.RedisKeys;
import dev.berth.testing.GitHubDeliveries;
import dev.berth.testing.RedisResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import dev.berth.testing.RawHttp;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(RedisResource.class)
class GitHubWebhookTest {

    @Inject
    RedisDataSource redis;

    @Inject
    RedisKeys keys;

    private Map<String, String> storedEvent(String id) {
        List<StreamMessage<String, String, String>> messages =
                redis.stream(String.class).xrange(keys.events(), io.quarkus.redis.datasource.stream.StreamRange.of(id, id));
        assertEquals(1, messages.size(), "one stream entry " + id);
        return messages.get(0).payload();
    }

    private long streamLength() {
        return redis.stream(String.class).xlen(keys.events());
    }

    @Test
    void pingAnswersPong() {
        send("ping", newDelivery(), fixture("ping/0.json")).statusCode(200).body("outcome", equalTo("pong"));
    }

    @Test
    void pushIsStoredOnceAsGitPush() {
        String delivery = newDelivery();
        String id = send("push", delivery, fixture("push/0.json")).statusCode(202)
                .body("outcome", equalTo("queued")).extract().path("ids[0]");
        Map<String, String> event = storedEvent(id);
        assertEquals("github", event.get("source"));
        assertEquals("git.push", event.get("kind"));
        assertEquals("Codertocat/Hello-World", event.get("gitRepository"));
        assertEquals("refs/tags/simple-tag", event.get("gitRef"));

        long before = streamLength();
        send("push", delivery, fixture("push/0.json")).statusCode(200).body("duplicate", equalTo(true));
        assertEquals(before, streamLength(), "a replayed delivery is not enqueued twice");
    }

    @Test
    void sameDeliveryToAnotherHookIsItsOwnEvent() {
        String delivery = newDelivery();
        send("push", delivery, "1", fixture("push/0.json"), GitHubDeliveries.SECRET).statusCode(202)
                .body("outcome", equalTo("queued"));
        send("push", delivery, "2", fixture("push/0.json"), GitHubDeliveries.SECRET).statusCode(202)
                .body("outcome", equalTo("queued"));
        send("push", delivery, "2", fixture("push/0.json"), GitHubDeliveries.SECRET).statusCode(200)
                .body("outcome", equalTo("duplicate"));
    }

    @Test
    void formEncodedDeliveryIsVerifiedOverTheRawFormBytes() throws Exception {
        byte[] json = fixture("push/0.json");
        byte[] form = ("payload=" + URLEncoder.encode(new String(json, StandardCharsets.UTF_8), StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.US_ASCII);
        HttpResponse<String> response = RawHttp.post("/webhooks/github", "application/x-www-form-urlencoded", form,
                Map.of("X-GitHub-Event", "push", "X-GitHub-Delivery", newDelivery(), "X-GitHub-Hook-ID", "7",
                        "X-Hub-Signature-256", "sha256=" + Signatures.hmacSha256Hex(GitHubDeliveries.SECRET, form)));
        assertEquals(202, response.statusCode(), response.body());
        String id = io.restassured.path.json.JsonPath.from(response.body()).getString("ids[0]");
        assertEquals("git.push", storedEvent(id).get("kind"));
    }

    @Test
    void eitherConfiguredSecretVerifies() {
        send("push", newDelivery(), "1", fixture("push/2.json"), "test-secret-old-0123").statusCode(202);
        send("push", newDelivery(), "1", fixture("push/2.json"), "not-the-secret").statusCode(401)
                .body("error", equalTo("signature does not verify"));
    }

    @Test
    void missingSignatureIsUnauthorized() {
        given().contentType("application/json").header("X-GitHub-Event", "push")
                .header("X-GitHub-Delivery", newDelivery()).body(fixture("push/0.json"))
                .post("/webhooks/github").then().statusCode(401);
    }

    @Test
    void brokenJsonIsMalformed() {
        send("push", newDelivery(), "{\"ref\": ".getBytes(StandardCharsets.UTF_8)).statusCode(400)
                .body("error", containsString("not valid JSON"));
    }

    @Test
    void pushWithoutRepositoryIsMalformed() {
        send("push", newDelivery(), "{\"ref\":\"refs/heads/main\"}".getBytes(StandardCharsets.UTF_8)).statusCode(400)
                .body("error", equalTo("payload has no repository.full_name"));
    }

    @Test
    void missingEventOrDeliveryHeaderIsMalformed() {
        byte[] body = fixture("push/0.json");
        String sig = "sha256=" + Signatures.hmacSha256Hex(GitHubDeliveries.SECRET, body);
        given().contentType("application/json").header("X-GitHub-Delivery", newDelivery())
                .header("X-Hub-Signature-256", sig).body(body).post("/webhooks/github").then().statusCode(400)
                .body("error", equalTo("missing X-GitHub-Event header"));
        given().contentType("application/json").header("X-GitHub-Event", "push")
                .header("X-Hub-Signature-256", sig).body(body).post("/webhooks/github").then().statusCode(400)
                .body("error", equalTo("missing X-GitHub-Delivery header"));
    }

    @Test
    void wrongContentTypeIsUnsupported() {
        // Signed: the signature header is checked before the body, so an unsigned one would be 401 first.
        given().contentType("text/plain").header("X-GitHub-Event", "push")
                .header("X-Hub-Signature-256", "sha256=" + Signatures.hmacSha256Hex(GitHubDeliveries.SECRET,
                        "hello".getBytes(StandardCharsets.UTF_8)))
                .body("hello").post("/webhooks/github").then().statusCode(415);
    }

    @Test
    void oversizedBodyIsTooLarge() throws Exception {
        byte[] big = new byte[10 * 1024 * 1024 + 1];
        java.util.Arrays.fill(big, (byte) ' ');
        HttpResponse<String> response = RawHttp.post("/webhooks/github", "application/json", big,
                Map.of("X-GitHub-Event", "push"));
        assertEquals(413, response.statusCode());
    }

    @Test
    void queuedWorkflowRunWithActionCompletedIsIgnored() {
        // Recorded payload: action "completed" but workflow_run.status "queued".
        send("workflow_run", newDelivery(), fixture("workflow_run/0-completed.json")).statusCode(202)
                .body("outcome", equalTo("ignored")).body("reason", containsString("queued"));
    }

    @Test
    void completedWorkflowRunCarriesItsConclusion() {
        String id = send("workflow_run", newDelivery(), fixture("workflow_run/1-completed.json")).statusCode(202)
                .extract().path("ids[0]");
        Map<String, String> event = storedEvent(id);
        assertEquals("workflow.run", event.get("kind"));
        assertEquals("success", event.get("conclusion"));
        assertEquals("octo-org/octo-repo", event.get("gitRepository"));
        assertEquals("3484a3fb816e0859fd6e1cea078d76385ff50625", event.get("gitSha"));
        // Recorded payload: workflow_run.name is empty, workflow.name is "test".
        assertEquals("test", event.get("workflow"));
    }

    @Test
    void untaggedContainerVersionIsIgnoredWithoutCrashing() {
        // Recorded payload: empty tag name and a digest that is not a valid sha256.
        send("package", newDelivery(), fixture("package/1-published.json")).statusCode(202)
                .body("outcome", equalTo("ignored"));
    }

    @Test
    void publishedReleaseIsStored() {
        String id = send("release", newDelivery(), fixture("release/0-published.json")).statusCode(202)
                .extract().path("ids[0]");
        assertEquals("release.published", storedEvent(id).get("kind"));
        send("release", newDelivery(), fixture("release/1-created.json")).statusCode(202)
                .body("outcome", equalTo("ignored"));
    }

    @Test
    void replayedImagePushUnderNewIdsIsADuplicate() throws Exception {
        // X-GitHub-Delivery and X-GitHub-Hook-ID are not signed: a captured body replayed under new ones is the same push.
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode payload =
                (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(fixture("package/3-published-tagged.json"));
        ((com.fasterxml.jackson.databind.node.ObjectNode) payload.path("package").path("package_version")
                .path("container_metadata").path("tag")).put("name", "replay-" + System.nanoTime());
        byte[] body = mapper.writeValueAsBytes(payload);
        send("package", newDelivery(), "1", body, GitHubDeliveries.SECRET).statusCode(202)
                .body("outcome", equalTo("queued"));
        long before = streamLength();
        send("package", newDelivery(), "99", body, GitHubDeliveries.SECRET).statusCode(200)
                .body("outcome", equalTo("duplicate"));
        send("package", newDelivery(), "1", body, GitHubDeliveries.SECRET).statusCode(200)
                .body("outcome", equalTo("duplicate"));
        assertEquals(before, streamLength(), "a replayed image push is not stored again");
    }

    @Test
    void otherEventsAreIgnored() {
        send("star", newDelivery(), fixture("star/0-created.json")).statusCode(202).body("ignored", equalTo(true));
    }

    @Test
    void everyOutcomeIsCounted() {
        send("star", newDelivery(), fixture("star/0-created.json")).statusCode(202);
        given().get("/q/metrics").then().statusCode(200)
                // Events berth does not act on are counted as "other": no header value becomes a tag.
                .body(containsString("berth_webhooks_total{event=\"other\",outcome=\"ignored\",source=\"github\"}"))
                .body(containsString("berth_webhook_answer_seconds_bucket"));
    }
}
