package dev.berth.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import dev.berth.deploy.Deployment;
import dev.berth.deploy.DeploymentStatus;
import dev.berth.deploy.DeploymentStore;
import dev.berth.domain.AppName;
import dev.berth.domain.DeploymentId;
import dev.berth.domain.Digest;
import dev.berth.domain.EnvName;
import dev.berth.domain.ImageRef;
import dev.berth.domain.ReleaseId;
import dev.berth.testing.RedisResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(RedisResource.class)
class DeploymentsApiTest {

    private static final String VIEWER = "viewer-token-0123456789";
    private static final Digest DIGEST = new Digest("sha256:" + "ab".repeat(32));

    @Inject
    DeploymentStore store;

    private Deployment record(String app, String env, DeploymentStatus status) {
        Instant now = Instant.now();
        Deployment d = new Deployment(DeploymentId.next(now), new AppName(app), new EnvName(env),
                ImageRef.parse("registry.example.com/acme/" + app), "1.0.0", DIGEST, ReleaseId.of(now, DIGEST),
                List.of("deploy@127.0.0.1:22"), status, now, now, null, "api:test", "test", null);
        store.save(d);
        store.log(d.id(), "stdout", "hello from the host");
        store.endLog(d.id(), status.wire());
        return d;
    }

    @Test
    void listsAndFiltersDeployments() {
        Deployment web = record("apiweb", "staging", DeploymentStatus.SUCCEEDED);
        Deployment other = record("apiother", "staging", DeploymentStatus.FAILED);
        given().auth().oauth2(VIEWER).get("/api/v1/deployments?app=apiweb").then().statusCode(200)
                .body("id", hasItem(web.id().value())).body("id", not(hasItem(other.id().value())));
        given().auth().oauth2(VIEWER).get("/api/v1/deployments?app=apiweb&env=staging&limit=1").then()
                .statusCode(200).body("size()", equalTo(1)).body("[0].id", equalTo(web.id().value()));
        given().auth().oauth2(VIEWER).get("/api/v1/deployments/" + web.id()).then().statusCode(200)
                .body("status", equalTo("succeeded")).body("digest", equalTo(DIGEST.value()))
                .body("environment", equalTo("staging"));
    }

    @Test
    void logIsServedAsServerSentEventsAndEnds() {
        Deployment d = record("apilog", "staging", DeploymentStatus.SUCCEEDED);
        String body = given().auth().oauth2(VIEWER).accept("text/event-stream")
                .get("/api/v1/deployments/" + d.id() + "/log").then().statusCode(200).extract().asString();
        org.junit.jupiter.api.Assertions.assertTrue(body.contains("hello from the host"), body);
        org.junit.jupiter.api.Assertions.assertTrue(body.contains("deployment succeeded"), body);
    }

    @Test
    void logEventsCarryOnlyIdNameAndJsonData() {
        Deployment d = record("apisse", "staging", DeploymentStatus.FAILED);
        String body = given().auth().oauth2(VIEWER).accept("text/event-stream")
                .get("/api/v1/deployments/" + d.id() + "/log").then().statusCode(200).extract().asString();
        List<String> fields = body.lines().filter(l -> !l.isEmpty()).toList();
        org.junit.jupiter.api.Assertions.assertEquals(6, fields.size(), body);
        for (String line : fields) {
            org.junit.jupiter.api.Assertions.assertTrue(line.startsWith("id:") || line.equals("event:log")
                    || line.startsWith("data:{\""), "an SSE field other than id, event and JSON data: " + line);
        }
        org.junit.jupiter.api.Assertions.assertTrue(body.contains("\"line\":\"hello from the host\""), body);
        org.junit.jupiter.api.Assertions.assertTrue(body.contains("\"line\":\"deployment failed\""), body);
    }

    @Test
    void refusesMissingUnknownAndUnderprivilegedTokens() {
        given().get("/api/v1/deployments").then().statusCode(401).header("WWW-Authenticate", "Bearer realm=\"berth\"");
        given().auth().oauth2("not-a-token-0123456789").get("/api/v1/deployments").then().statusCode(401);
        given().auth().oauth2(VIEWER).post("/api/v1/apps/web/environments/production/rollback").then()
                .statusCode(403);
    }

    @Test
    void operatorActionsTakeNoBodyOrJsonOnly() {
        String deployer = "deployer-token-0123456789";
        // A bare `curl -X POST` (no body, no Content-Type) reaches berth: here it names the unknown app.
        given().auth().oauth2(deployer).post("/api/v1/apps/nosuchapp/environments/production/rollback").then()
                .statusCode(404).body("error", equalTo("no app nosuchapp"));
        given().auth().oauth2(deployer).contentType("text/plain").body("release=x")
                .post("/api/v1/apps/nosuchapp/environments/production/rollback").then().statusCode(415);
        given().auth().oauth2(deployer).contentType("application/json").body("{\"relase\": \"x\"}")
                .post("/api/v1/apps/nosuchapp/environments/production/rollback").then().statusCode(400)
                .body("error", org.hamcrest.Matchers.containsString("relase"));
    }

    @Test
    void badParametersAreNamed() {
        given().auth().oauth2(VIEWER).get("/api/v1/deployments?limit=0").then().statusCode(400)
                .body("error", equalTo("limit must be 1..500"));
        given().auth().oauth2(VIEWER).get("/api/v1/deployments?app=Bad_App").then().statusCode(400);
        given().auth().oauth2(VIEWER).get("/api/v1/deployments/nope").then().statusCode(400);
        given().auth().oauth2(VIEWER).get("/api/v1/deployments/d-zzzzzz-00000000").then().statusCode(404);
    }
}
