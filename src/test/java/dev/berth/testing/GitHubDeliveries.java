package dev.berth.testing;

import static io.restassured.RestAssured.given;

import dev.berth.webhook.Signatures;
import io.restassured.response.ValidatableResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.UUID;

/** Sends signed GitHub deliveries of the recorded fixtures in {@code src/test/resources/github}. */
public final class GitHubDeliveries {

    public static final String SECRET = "It's a Secret to Everybody";

    private GitHubDeliveries() {
    }

    public static byte[] fixture(String path) {
        try (InputStream in = GitHubDeliveries.class.getResourceAsStream("/github/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture github/" + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ValidatableResponse send(String event, String delivery, byte[] body) {
        return send(event, delivery, "1234", body, SECRET);
    }

    public static ValidatableResponse send(String event, String delivery, String hookId, byte[] body, String secret) {
        return given().contentType("application/json")
                .header("X-GitHub-Event", event)
                .header("X-GitHub-Delivery", delivery)
                .header("X-GitHub-Hook-ID", hookId)
                .header("X-Hub-Signature-256", "sha256=" + Signatures.hmacSha256Hex(secret, body))
                .body(body)
                .post("/webhooks/github").then();
    }

    public static String newDelivery() {
        return UUID.randomUUID().toString();
    }
}
