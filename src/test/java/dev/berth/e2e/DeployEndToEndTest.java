package dev.berth.e2e;

import static dev.berth.e2e.DeployStack.APP;
import static dev.berth.e2e.DeployStack.REPO;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.deploy.Deployment;
import dev.berth.deploy.DeploymentStatus;
import dev.berth.deploy.DeploymentStore;
import dev.berth.domain.AppName;
import dev.berth.domain.EnvName;
import dev.berth.testing.BusyboxImage;
import dev.berth.testing.Poll;
import dev.berth.testing.RedisResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * End to end with real parts only: podman pushes an image to the Distribution registry, the registry's notification
 * reaches berth, berth pins the tag's digest and deploys it over SSH through the host agent (forced command) with
 * podman-compose, and the service answers HTTP on the "staging host". Then the host's key changes: berth refuses it
 * and runs nothing.
 */
@QuarkusTest
@QuarkusTestResource(RedisResource.class)
@QuarkusTestResource(value = DeployStack.class, restrictToAnnotatedClass = true)
@EnabledIf("dev.berth.testing.Podman#available")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeployEndToEndTest {

    private static final Duration DEPLOY = Duration.ofMinutes(3);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    @Inject
    DeploymentStore store;

    private Optional<Deployment> latest(String env) {
        List<Deployment> list = store.list(Optional.of(new AppName(APP)), Optional.of(new EnvName(env)), 1);
        return list.stream().findFirst();
    }

    private String pushImage(String tag, String health) {
        String local = "localhost/berth-e2e/web:" + tag;
        BusyboxImage.httpd().file("/www/health", health).port(8080).build(DeployStack.podman, local);
        return DeployStack.podman.push(local, DeployStack.registry.host() + "/" + REPO + ":" + tag);
    }

    private static String get(int port, String path) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() + " " + r.body().strip();
        } catch (Exception e) {
            return "no answer: " + e.getMessage();
        }
    }

    @Test
    @Order(1)
    void pushToTheRegistryDeploysThePinnedDigestToStaging() throws Exception {
        String digest = pushImage("1.0.0", "ok v1");

        Deployment done = Poll.value(DEPLOY, "staging deployment of 1.0.0 to finish", () -> latest("staging")
                .filter(d -> d.tag().equals("1.0.0") && d.status().terminal()).orElse(null));
        assertEquals(DeploymentStatus.SUCCEEDED, done.status(), "deployment error: " + done.error());
        assertEquals(digest, done.digest().value(), "the pinned digest is the registry's");

        Poll.until(Duration.ofSeconds(30), "the staging service to answer", () ->
                get(DeployStack.stagingPort, "/health").equals("200 ok v1"));

        Path env = DeployStack.root.resolve(APP).resolve("staging");
        Path current = env.resolve("current");
        assertTrue(Files.isSymbolicLink(current));
        assertEquals(Path.of("releases", done.releaseId().value()), Files.readSymbolicLink(current));
        Path release = env.resolve("releases").resolve(done.releaseId().value());
        assertTrue(Files.readString(release.resolve("compose.yaml")).contains("${WEB_PORT}"));
        assertTrue(Files.readString(release.resolve("compose.pin.yaml"))
                .contains(DeployStack.registry.host() + "/" + REPO + "@" + digest));
        assertFalse(latest("production").isPresent(), "production is untouched until promotion");

        // Exactly one signed "deploy.succeeded" message reached the notification sink for this deployment.
        Poll.until(Duration.ofSeconds(30), "the deploy.succeeded notification", () -> succeededMessages(done) == 1);
    }

    private static long succeededMessages(Deployment d) {
        return DeployStack.notifications.requests().stream()
                .filter(r -> r.text().contains("\"dev.berth.deploy.succeeded\"")
                        && r.text().contains(d.id().value())
                        && r.header("X-Berth-Signature-256") != null)
                .count();
    }

    @Test
    @Order(2)
    void changedHostKeyIsRefusedAndNothingRuns() throws Exception {
        Deployment before = latest("staging").orElseThrow();
        DeployStack.host.newHostKey().restart();
        int logins = DeployStack.host.acceptedLogins();

        pushImage("1.0.1", "ok v2");
        Deployment refused = Poll.value(DEPLOY, "staging deployment of 1.0.1 to finish", () -> latest("staging")
                .filter(d -> d.tag().equals("1.0.1") && d.status().terminal()).orElse(null));

        assertEquals(DeploymentStatus.FAILED, refused.status());
        assertTrue(refused.error().contains("host key"), refused.error());
        assertEquals(logins, DeployStack.host.acceptedLogins(), "no login happened");
        assertEquals(Path.of("releases", before.releaseId().value()),
                Files.readSymbolicLink(DeployStack.root.resolve(APP).resolve("staging").resolve("current")));
        assertEquals("200 ok v1", get(DeployStack.stagingPort, "/health"), "the old release still serves");
    }
}
