package dev.berth.gitops;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.config.AppCatalog;
import dev.berth.deploy.DeployLocks;
import dev.berth.deploy.DeployQueue;
import dev.berth.deploy.Deployment;
import dev.berth.deploy.DeploymentStatus;
import dev.berth.deploy.DeploymentStore;
import dev.berth.deploy.HostDeployer;
import dev.berth.domain.AppName;
import dev.berth.domain.DeploymentId;
import dev.berth.domain.Digest;
import dev.berth.domain.EnvName;
import dev.berth.domain.ImageRef;
import dev.berth.domain.ReleaseId;
import dev.berth.testing.FreePorts;
import dev.berth.testing.HttpSink;
import dev.berth.testing.Poll;
import dev.berth.testing.RedisResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Drift detection end to end: real Redis, a real sshd running the real agent (compose stand-in for {@code ps}), the
 * drift scheduler on a 300 ms interval, Slack notifications to a loopback sink. Steps build on each other, in order.
 */
@QuarkusTest
@QuarkusTestResource(RedisResource.class)
@TestProfile(DriftDetectionTest.WithDriftHost.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DriftDetectionTest {

    /** The drift host and sink, drift checks on. */
    public static class WithDriftHost implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(DriftHost.class));
        }
    }

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final AppName APP = new AppName("drifty");
    private static final EnvName STAGING = new EnvName("staging");
    private static final EnvName PRODUCTION = new EnvName("production");
    private static final EnvName LOST = new EnvName("lost");
    private static final ImageRef IMAGE = ImageRef.parse("registry.example.com/acme/web");
    private static final Digest D1 = new Digest("sha256:" + "d1".repeat(32));
    private static final Digest D2 = new Digest("sha256:" + "d2".repeat(32));

    @Inject
    AppCatalog catalog;
    @Inject
    HostDeployer deployer;
    @Inject
    DeploymentStore store;
    @Inject
    DeployQueue queue;
    @Inject
    DriftEpisodes episodes;
    @Inject
    DeployLocks locks;

    private static Deployment staging;

    @Test
    @Order(1)
    void aCleanEnvironmentIsNotDrift() throws Exception {
        Path state = Files.createTempDirectory("berth-drift-state-");
        Path dir = Files.createDirectories(state.resolve("apps/drifty"));
        Files.writeString(dir.resolve("compose.yaml"), "services:\n  web:\n    image: example/web\n  db:\n"
                + "    image: postgres:16\n");
        String host = "    hosts: [{ ssh: \"%s\", hostKey: \"" + DriftHost.sshd().hostKeyFingerprint() + "\", root: "
                + DriftHost.root() + " }]\n    checks: []\n";
        String reachable = host.formatted(DriftHost.sshd().address());
        Files.writeString(dir.resolve("app.yaml"), "image: " + IMAGE + "\nservices: [web]\ntrack: { newest: true }\n"
                + "environments:\n  - name: staging\n" + reachable
                + "  - name: production\n" + reachable + "    drift: { selfHeal: true }\n"
                + "  - name: lost\n" + host.formatted("deploy@127.0.0.1:" + FreePorts.next()));
        assertTrue(catalog.reload(state).ok());

        staging = deploy(STAGING);
        deploy(PRODUCTION);
        store.save(deployment(LOST, D1).with(DeploymentStatus.SUCCEEDED, Instant.now(), null));

        awaitChecks(STAGING, "clean", 3);
        assertEquals(0.0, drift(STAGING));
        assertEquals(0.0, drift(PRODUCTION));
        assertEquals(List.of(), messages("drift"));
    }

    @Test
    @Order(2)
    void someoneSwitchingCurrentIsDetectedOnce() throws Exception {
        Path env = DriftHost.root().resolve("drifty/staging");
        ReleaseId other = ReleaseId.of(Instant.parse("2024-01-01T00:00:00Z"), D2);
        Files.createDirectories(env.resolve("releases").resolve(other.value()));
        switchCurrent(env, other);

        Poll.until(WAIT, "drift gauge of staging", () -> drift(STAGING) == 1.0);
        HttpSink.Request detected = Poll.value(WAIT, "drift.detected message", () -> first("drift.detected"));
        assertTrue(detected.text().contains("current release is " + other + ", expected " + staging.releaseId()),
                detected.text());
        awaitChecks(STAGING, "drift", 3);
        assertEquals(1, messages("drift.detected").size(), "once per episode, not every interval");
        assertEquals(List.of(DriftHost.sshd().address()), episodes.episode(APP, STAGING).orElseThrow().hosts());
        assertEquals(0.0, drift(PRODUCTION));
        assertTrue(queue.latest(APP, STAGING).isEmpty(), "staging does not self-heal");
    }

    @Test
    @Order(3)
    void fixingItResolvesTheEpisode() throws Exception {
        switchCurrent(DriftHost.root().resolve("drifty/staging"), staging.releaseId());
        Poll.until(WAIT, "staging clean again", () -> drift(STAGING) == 0.0);
        Poll.value(WAIT, "drift.resolved message", () -> first("drift.resolved"));
        awaitChecks(STAGING, "clean", 3);
        assertEquals(1, messages("drift.resolved").size());
        assertTrue(episodes.episode(APP, STAGING).isEmpty(), "episode closed");
        assertEquals(1, messages("drift.detected").size());
    }

    @Test
    @Order(4)
    void selfHealQueuesTheDesiredDigestOncePerEpisode() {
        DeploymentId before = queue.latest(APP, PRODUCTION).orElse(null);
        try (DeployLocks.Lease held = locks.tryAcquire(APP, PRODUCTION).orElseThrow()) {
            // One check skipped under the lock: a check that started before the lock was taken has ended (one per
            // environment runs at a time), so the change below is seen by skipped checks only.
            awaitChecks(PRODUCTION, "skipped", 1);
            DriftHost.ps("drifty-production", ps(D2));
            awaitChecks(PRODUCTION, "skipped", 2);
            assertEquals(before, queue.latest(APP, PRODUCTION).orElse(null), "no self-heal while a deploy is locked");
            assertEquals(0.0, drift(PRODUCTION), "not checked while locked");
        }
        Deployment heal = Poll.value(WAIT, "self-heal deployment", () -> queue.latest(APP, PRODUCTION)
                .filter(id -> !id.equals(before)).flatMap(store::find).orElse(null));
        assertEquals(D1, heal.digest());
        assertEquals(DeploymentStatus.QUEUED, heal.status());
        assertTrue(heal.reason().startsWith("drift: self-heal of " + DriftHost.sshd().address()), heal.reason());
        assertTrue(Poll.value(WAIT, "production drift message", () -> first("drifty/production")).text()
                .contains("self-heal: deployment " + heal.id()));

        store.save(heal.with(DeploymentStatus.FAILED, Instant.now(), "test: the heal failed"));
        awaitChecks(PRODUCTION, "drift", 3);
        assertEquals(heal.id(), queue.latest(APP, PRODUCTION).orElseThrow(), "no second self-heal in one episode");
        assertEquals(heal.id().value(), episodes.episode(APP, PRODUCTION).orElseThrow().healDeployment());
    }

    @Test
    @Order(5)
    void anUnreachableHostIsACheckerErrorNotDrift() {
        awaitChecks(LOST, "error", 2);
        assertNull(drift(LOST), "never checked, so no gauge");
        assertEquals(List.of(), messages("drifty/lost"));
    }

    private Deployment deploy(EnvName env) throws Exception {
        Deployment d = deployment(env, D1);
        deployer.execute(d, (stream, line) -> { });
        DriftHost.ps("drifty-" + env, ps(D1));
        Deployment done = d.with(DeploymentStatus.SUCCEEDED, Instant.now(), null);
        store.save(done);
        return done;
    }

    private static Deployment deployment(EnvName env, Digest digest) {
        Instant now = Instant.now();
        return new Deployment(DeploymentId.next(now), APP, env, IMAGE, "1.0.0", digest, ReleaseId.of(now, digest),
                List.of(), DeploymentStatus.RUNNING, now, now, null, "test", "test", null);
    }

    private static String ps(Digest digest) {
        return "{\"Service\":\"web\",\"Image\":\"" + IMAGE + "@" + digest + "\",\"State\":\"running\"}\n"
                + "{\"Service\":\"db\",\"Image\":\"postgres:16\",\"State\":\"running\"}\n";
    }

    private static void switchCurrent(Path env, ReleaseId release) throws Exception {
        Path tmp = env.resolve(".current.test");
        Files.deleteIfExists(tmp);
        Files.createSymbolicLink(tmp, Path.of("releases", release.value()));
        Files.move(tmp, env.resolve("current"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Waits until {@code more} further checks of {@code env} ended with {@code result}. */
    private static void awaitChecks(EnvName env, String result, int more) {
        double start = metric("berth_drift_checks_total", env, "result=\"" + result + "\"", 0.0);
        Poll.until(WAIT, more + " more " + result + " checks of " + env,
                () -> metric("berth_drift_checks_total", env, "result=\"" + result + "\"", 0.0) >= start + more);
    }

    private static Double drift(EnvName env) {
        return metric("berth_drift", env, "host=", null);
    }

    private static Double metric(String name, EnvName env, String label, Double absent) {
        Matcher m = Pattern.compile("(?m)^" + name + "\\{([^}]*)} (\\S+)$").matcher(given().get("/q/metrics").asString());
        while (m.find()) {
            if (m.group(1).contains("app=\"drifty\"") && m.group(1).contains("env=\"" + env + "\"")
                    && m.group(1).contains(label)) {
                return Double.valueOf(m.group(2));
            }
        }
        return absent;
    }

    /** Slack messages received that contain {@code text}. */
    private static List<HttpSink.Request> messages(String text) {
        return DriftHost.sink().requests().stream().filter(r -> r.text().contains(text)).toList();
    }

    private static HttpSink.Request first(String text) {
        List<HttpSink.Request> found = messages(text);
        return found.isEmpty() ? null : found.get(0);
    }
}
