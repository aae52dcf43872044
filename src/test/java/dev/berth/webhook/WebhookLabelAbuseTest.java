package dev.berth.webhook;

import static dev.berth.testing.GitHubDeliveries.newDelivery;
import static dev.berth.testing.GitHubDeliveries.send;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.testing.RedisResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The attacks of issue 12, items 1 and 3, against the running service: request values that would become metric series
 * (the memory-exhaustion attack through {@code berth_webhooks_total}), and signed bodies that hit a JSON parser limit.
 */
@QuarkusTest
@QuarkusTestResource(RedisResource.class)
class WebhookLabelAbuseTest {

    private static final int ATTEMPTS = 300;

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    private static void unsigned(String event, String contentType, int status) {
        given().contentType(contentType).header("X-GitHub-Event", event)
                .header("X-GitHub-Delivery", newDelivery())
                .header("X-Hub-Signature-256", "sha256=" + "0".repeat(64))
                .body("{}").post("/webhooks/github").then().statusCode(status);
    }

    @Test
    void unauthenticatedEventHeadersNeverBecomeSeries() {
        // Warm up every outcome these requests reach, so the series that legitimately exist are there already.
        unsigned("warm-up", "application/json", 401);
        unsigned("warm-up", "text/plain", 415);
        int before = metrics().length();
        for (int i = 0; i < ATTEMPTS; i++) {
            unsigned("attack-" + i, i % 2 == 0 ? "application/json" : "text/plain", i % 2 == 0 ? 401 : 415);
        }
        String after = metrics();
        assertFalse(after.contains("attack-"), "a header value became a metric tag");
        // Counter values gain a few digits; 300 new series would add about 40 KB.
        assertTrue(after.length() - before < 2_000, "metrics grew from " + before + " to " + after.length() + " bytes");
    }

    @Test
    void unauthenticatedPathsNeverBecomeSeries() {
        given().contentType("application/json").body("{}").post("/webhooks/warm-up").then().statusCode(404);
        given().contentType("application/json").body("{}").post("/webhooks/github/warm-up").then().statusCode(404);
        int before = metrics().length();
        for (int i = 0; i < ATTEMPTS / 3; i++) {
            given().contentType("application/json").body("{}").post("/webhooks/attack-" + i).then().statusCode(404);
            given().contentType("application/json").body("{}").post("/webhooks/github/attack-" + i).then()
                    .statusCode(404);
        }
        String after = metrics();
        assertFalse(after.contains("attack-"), "a path became a metric tag");
        assertTrue(after.length() - before < 2_000, "metrics grew from " + before + " to " + after.length() + " bytes");
        // A trailing slash reaches the same endpoint, through the same gate.
        given().contentType("application/json").body("{}").post("/webhooks/github/").then().statusCode(401);
    }

    @Test
    void signedUnknownEventsAreCountedAsOther() {
        send("star-" + newDelivery(), newDelivery(), "{}".getBytes(StandardCharsets.UTF_8)).statusCode(202)
                .body("outcome", equalTo("ignored"));
        given().get("/q/metrics").then()
                .body(containsString("berth_webhooks_total{event=\"other\",outcome=\"ignored\",source=\"github\"}"))
                .body(not(containsString("event=\"star-")));
    }

    @Test
    void signedBodiesBeyondParserLimitsAreBadRequests() {
        String deep = "[".repeat(5_000) + "]".repeat(5_000);
        String deepObject = "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000);
        String bigNumber = "{\"repository\":{\"full_name\":" + "9".repeat(5_000) + "}}";
        for (String body : new String[] {deep, deepObject, bigNumber}) {
            for (String event : new String[] {"push", "package", "star"}) {
                send(event, newDelivery(), body.getBytes(StandardCharsets.UTF_8)).statusCode(400)
                        .body("outcome", equalTo("malformed"))
                        .body("error", equalTo(JsonErrors.LIMIT));
            }
            given().contentType("application/json").header("Authorization", "Bearer test-distribution-token")
                    .body(body).post("/webhooks/distribution").then().statusCode(400)
                    .body("error", equalTo(JsonErrors.LIMIT));
        }
    }
}
