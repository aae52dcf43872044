package dev.berth.api;

import static dev.berth.testing.GitHubDeliveries.fixture;
import static dev.berth.testing.GitHubDeliveries.newDelivery;
import static dev.berth.testing.GitHubDeliveries.send;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.berth.testing.FreePorts;
import dev.berth.testing.RedisResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * With the management interface on (a build-time switch, docs/configuration.md), /q/metrics, /q/health and
 * /q/openapi are served on their own port and no longer on the listener the webhooks use.
 *
 * <p>The main listener keeps the test's random port (test-port 0) next to a fixed management port: Quarkus tags
 * http_server_bytes_* with server_port only for a port above 0, and Prometheus refuses one meter name with two
 * tag-key sets, so before {@link ServerPortTag} this application never finished starting.
 */
@QuarkusTest
@QuarkusTestResource(RedisResource.class)
@TestProfile(ManagementInterfaceTest.Separate.class)
class ManagementInterfaceTest {

    private static final String VIEWER = "viewer-token-0123456789";

    public static class Separate implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // Read back through the configuration: this profile is instantiated in another class loader than the
            // test, so a static field would hold a different port on each side.
            return Map.of("quarkus.management.enabled", "true", "quarkus.management.test-port",
                    Integer.toString(FreePorts.next()), "quarkus.management.host", "127.0.0.1");
        }
    }

    @Test
    void managementEndpointsMoveToTheirOwnPort() {
        int management = ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);
        for (String path : new String[] {"/q/metrics", "/q/health/ready", "/q/openapi"}) {
            given().get(path).then().statusCode(404);
            given().baseUri("http://127.0.0.1").port(management).get(path).then().statusCode(200);
        }
        given().baseUri("http://127.0.0.1").port(management).get("/q/metrics").then()
                .body(containsString("berth_events_stream_length"))
                // Each listener's byte counts, told apart by server_port (0: the main listener's random port).
                .body(containsString("http_server_bytes_read_count{server_port=\"" + management + "\"}"))
                .body(containsString("http_server_bytes_read_count{server_port=\"0\"}"));
        given().baseUri("http://127.0.0.1").port(management).get("/q/health/ready").then()
                .body("status", equalTo("UP"));
        given().baseUri("http://127.0.0.1").port(management).get("/q/openapi").then().body(containsString("/webhooks/github"));
        // The webhooks and the API stay on the main listener, and only there.
        given().contentType("application/json").body("{}").post("/webhooks/github").then().statusCode(401);
        send("ping", newDelivery(), fixture("ping/0.json")).statusCode(200).body("outcome", equalTo("pong"));
        given().auth().oauth2(VIEWER).get("/api/v1/apps").then().statusCode(200);
        given().get("/api/v1/apps").then().statusCode(401);
        given().baseUri("http://127.0.0.1").port(management).auth().oauth2(VIEWER).get("/api/v1/apps").then()
                .statusCode(404);
        given().baseUri("http://127.0.0.1").port(management).contentType("application/json").body("{}")
                .post("/webhooks/github").then().statusCode(404);
    }
}
