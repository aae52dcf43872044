package dev.berth.webhook;

import static dev.berth.testing.GitHubDeliveries.fixture;
import static dev.berth.testing.GitHubDeliveries.newDelivery;
import static dev.berth.testing.GitHubDeliveries.send;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.berth.testing.RedisResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With {@code berth.webhooks.github.secrets} unset, /webhooks/github is disabled: 404, never 2xx, signed or not. */
@QuarkusTest
@QuarkusTestResource(RedisResource.class)
@TestProfile(GitHubDisabledTest.Unset.class)
class GitHubDisabledTest {

    /** An empty value overrides the test secrets and reads as unset. */
    public static class Unset implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("berth.webhooks.github.secrets", "");
        }
    }

    @Test
    void signedDeliveriesAreRefusedAsDisabled() {
        assertDisabled();
    }

    static void assertDisabled() {
        send("push", newDelivery(), fixture("push/0.json")).statusCode(404)
                .body("outcome", equalTo("disabled"))
                .body("error", containsString("berth.webhooks.github.secrets"));
        send("ping", newDelivery(), fixture("ping/0.json")).statusCode(404).body("outcome", equalTo("disabled"));
        given().contentType("application/json").header("X-GitHub-Event", "push").body(fixture("push/0.json"))
                .post("/webhooks/github").then().statusCode(404).body("outcome", equalTo("disabled"));
    }
}
