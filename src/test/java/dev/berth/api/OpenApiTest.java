package dev.berth.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import dev.berth.testing.RedisResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(RedisResource.class)
class OpenApiTest {

    @Test
    void documentListsTheApiAndWebhooks() {
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body(containsString("/api/v1/deployments/{id}/log"))
                .body(containsString("/webhooks/github"));
    }
}
