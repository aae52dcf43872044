package dev.berth.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.berth.testing.RedisResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Error answers of every kind (routing, parameters, bodies, content types) never show a Java class name. */
@QuarkusTest
@QuarkusTestResource(RedisResource.class)
class ErrorBodiesTest {

    private static final String ADMIN = "Bearer admin-token-0123456789";
    private static final Pattern CLASS_NAME = Pattern.compile(
            "Exception|java\\.|javax\\.|jakarta\\.|io\\.quarkus|io\\.vertx|org\\.jboss|com\\.fasterxml|dev\\.berth");

    private static void noClassName(String what, ExtractableResponse<Response> answer) {
        String body = answer.asString();
        assertFalse(CLASS_NAME.matcher(body).find(), what + " answered " + answer.statusCode() + " with " + body);
    }

    @Test
    void errorAnswersNeverShowClassNames() {
        noClassName("unknown path", given().header("Authorization", ADMIN).get("/api/v1/nothing-here").then().extract());
        noClassName("bad query parameter", given().header("Authorization", ADMIN)
                .get("/api/v1/deployments?limit=abc").then().extract());
        noClassName("bad deployment id", given().header("Authorization", ADMIN)
                .get("/api/v1/deployments/..%2F..").then().extract());
        noClassName("promote with broken JSON", given().header("Authorization", ADMIN).contentType("application/json")
                .body("{\"digest\": [").post("/api/v1/apps/web/environments/staging/promote").then().extract());
        noClassName("approve with a wrong type", given().header("Authorization", ADMIN).contentType("application/json")
                .body("[1,2]").post("/api/v1/apps/web/environments/production/approve").then().extract());
        noClassName("wrong method", given().get("/webhooks/github").then().extract());
        noClassName("wrong content type", given().contentType("text/plain").body("x")
                .post("/webhooks/harbor").then().extract());
        noClassName("unknown webhook", given().contentType("application/json").body("{}")
                .post("/webhooks/nothing").then().extract());
        noClassName("form without payload", given().contentType("application/x-www-form-urlencoded")
                .header("X-GitHub-Event", "push").header("X-GitHub-Delivery", "d")
                .header("X-Hub-Signature-256", "sha256=" + dev.berth.webhook.Signatures.hmacSha256Hex(
                        dev.berth.testing.GitHubDeliveries.SECRET, "payload=%ZZ".getBytes()))
                .body("payload=%ZZ").post("/webhooks/github").then().extract());
    }
}
