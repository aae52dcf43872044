package dev.berth.e2e;

import static dev.berth.e2e.DeployStack.APP;
import static dev.berth.e2e.DeployStack.REPO;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.deploy.Deployment;
import dev.berth.deploy.DeploymentStatus;
import dev.berth.deploy.DeploymentStore;
import dev.berth.domain.AppName;
import dev.berth.domain.EnvName;
import dev.berth.promote.EnvironmentRecords;
import dev.berth.testing.BusyboxImage;
import dev.berth.testing.Poll;
import dev.berth.testing.RedisResource;
import dev.berth.testing.StateGit;
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
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * End to end with real parts only: podman pushes an image to the Distribution registry, the registry's notification
 * reaches berth, berth pins the tag's digest and deploys it over SSH through the host agent (forced command) with
 * podman-compose, and the service answers HTTP on the "staging host". Every deploy, promotion and rollback shows up as
 * a commit in the Git state repository, and a person's commit to it (a revert, a config change) takes effect without
 * any API call. Then the host's key changes: berth refuses it and runs nothing.
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

    private static final String DEPLOYER = "deployer-token-0123456789";

    @Inject
    EnvironmentRecords records;

    @Inject
    dev.berth.config.AppCatalog catalog;

    /** The newest commit of the state repository whose subject starts with {@code prefix}, once berth pushed it. */
    private static StateGit.Commit commitOf(String prefix) {
        return Poll.value(Duration.ofSeconds(60), "a state commit '" + prefix + "'", () -> DeployStack.state.log()
                .stream().filter(c -> c.subject().startsWith(prefix)).findFirst().orElse(null));
    }

    private static String pinFile(String env) {
        return DeployStack.state.file("state/" + APP + "/" + env + ".yaml").orElse("");
    }

    private static Path currentRelease(String env) {
        try {
            return Files.readSymbolicLink(DeployStack.root.resolve(APP).resolve(env).resolve("current"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Optional<Deployment> latest(String env) {
        List<Deployment> list = store.list(Optional.of(new AppName(APP)), Optional.of(new EnvName(env)), 1);
        return list.stream().findFirst();
    }

    /** The newest deployment of {@code tag} to {@code env} (a rollback adds a newer record of the restored one). */
    private Optional<Deployment> ofTag(String env, String tag) {
        return store.list(Optional.of(new AppName(APP)), Optional.of(new EnvName(env)), 20).stream()
                .filter(d -> tag.equals(d.tag())).findFirst();
    }

    /** The rollback record of {@code failed}, as the API lists it (trigger {@code rollback:<failed id>}). */
    private static Optional<Map<String, Object>> rollbackOf(Deployment failed) {
        List<Map<String, Object>> list = given().auth().oauth2(DEPLOYER)
                .get("/api/v1/deployments?app=" + failed.app() + "&env=" + failed.env() + "&limit=20").then()
                .statusCode(200).extract().jsonPath().getList("$");
        return list.stream().filter(d -> ("rollback:" + failed.id()).equals(d.get("trigger"))).findFirst();
    }

    /** The {@code line} of the last event of an SSE log. */
    private static String lastLine(String sse) {
        List<String> data = sse.lines().filter(l -> l.startsWith("data:")).toList();
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(data.get(data.size() - 1).substring(5))
                    .get("line").asText();
        } catch (Exception e) {
            throw new AssertionError("unreadable SSE log: " + sse, e);
        }
    }

    /** The whole SSE log of a deployment; fails when the stream does not end (a finished log must close). */
    private static String sseLog(String id) {
        try {
            return HTTP.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + io.restassured.RestAssured.port + "/api/v1/deployments/" + id + "/log"))
                    .header("Authorization", "Bearer " + DEPLOYER).header("Accept", "text/event-stream").build(),
                    HttpResponse.BodyHandlers.ofString()).get(30, java.util.concurrent.TimeUnit.SECONDS).body();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the log stream of " + id + " did not end within 30 s", e);
        } catch (Exception e) {
            throw new AssertionError("the log stream of " + id + " failed: " + e, e);
        }
    }

    private String pushImage(String tag, String health) {
        DeployStack.startRegistry(io.restassured.RestAssured.port);
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

        Deployment done = Poll.value(DEPLOY, "staging deployment of 1.0.0 to finish", () -> ofTag("staging", "1.0.0")
                .filter(d -> d.status().terminal()).orElse(null));
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

        // A first deploy's log reads as a success: the missing previous container is labelled as expected, and
        // podman's syslog noise and the "no container" errors with their exit codes are gone.
        String log = sseLog(done.id().value());
        // (podman containers are machine-wide: when one of that name was left over, `podman stop` printed its name.)
        boolean leftOver = log.contains("\"line\":\"" + APP + "-staging_" + "web_1\"");
        assertTrue(leftOver || log.contains(
                "no previous container " + APP + "-staging_web_1 to replace (first deploy, or stopped before): expected"), log);
        assertFalse(log.contains("Error: no container with name or ID"), log);
        assertFalse(log.contains("failed to connect to syslog"), log);
        assertFalse(log.contains("exit code: 125"), log);
        assertFalse(log.contains("** merged:"), log);
        assertTrue(log.contains("podman run --name=" + APP + "-staging_web_1"), "podman-compose's own steps are kept: " + log);

        // Exactly one signed "deploy.succeeded" message reached the notification sink for this deployment.
        Poll.until(Duration.ofSeconds(30), "the deploy.succeeded notification", () -> succeededMessages(done) == 1);

        // The pin is a commit in the state repository, by berth.
        StateGit.Commit pin = commitOf("deploy(" + APP + "/staging): " + digest.substring(0, 19) + " (1.0.0)");
        assertEquals("berth", pin.author());
        assertTrue(pin.message().contains("Deployment: " + done.id()), pin.message());
        assertTrue(pinFile("staging").contains("digest: " + digest), pinFile("staging"));
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
    void verifiedDigestIsPromotedToProductionOnlyAfterApproval() {
        Deployment staging = latest("staging").orElseThrow();
        Poll.until(DEPLOY, "the promotion to wait for approval", () -> given().auth().oauth2(DEPLOYER)
                .post("/api/v1/apps/" + APP + "/environments/production/approve").then().extract().statusCode() == 202);
        Deployment production = Poll.value(DEPLOY, "production deployment to finish", () -> latest("production")
                .filter(d -> d.status().terminal()).orElse(null));
        assertEquals(DeploymentStatus.SUCCEEDED, production.status(), "error: " + production.error());
        assertEquals(staging.digest(), production.digest(), "production runs the exact digest verified in staging");
        assertTrue(production.trigger().startsWith("promotion:" + staging.id()), production.trigger());
        Poll.until(Duration.ofSeconds(30), "production to answer", () ->
                get(DeployStack.productionPort, "/health").equals("200 ok v1"));
        given().auth().oauth2(DEPLOYER).post("/api/v1/apps/" + APP + "/environments/production/approve").then()
                .statusCode(409);
        given().auth().oauth2(DEPLOYER).get("/api/v1/apps/" + APP).then().statusCode(200)
                .body("environments[0].knownGood.digest", org.hamcrest.Matchers.equalTo(staging.digest().value()))
                .body("environments[1].current.digest", org.hamcrest.Matchers.equalTo(staging.digest().value()))
                .body("environments[1].approvalRequired", org.hamcrest.Matchers.equalTo(true));
        assertEquals(1, DeployStack.notifications.requests().stream()
                .filter(r -> r.text().contains("\"dev.berth.promotion.waiting\"")).count(),
                "one approval request message");
        StateGit.Commit pin = commitOf("deploy(" + APP + "/production): " + staging.digest().value().substring(0, 19));
        assertTrue(pin.message().contains("Deployment: " + production.id()), pin.message());
    }

    @Test
    @Order(3)
    void brokenReleaseFailsVerificationIsRolledBackAndQuarantined() {
        Deployment good = latest("staging").orElseThrow();
        Deployment production = latest("production").orElseThrow();
        pushImage("1.0.1", "fail v2");

        Deployment failed = Poll.value(DEPLOY, "staging deployment of 1.0.1 to finish", () -> ofTag("staging", "1.0.1")
                .filter(d -> d.status().terminal()).orElse(null));
        assertEquals(DeploymentStatus.FAILED, failed.status());
        assertTrue(failed.error().startsWith("verification failed"), failed.error());
        assertTrue(failed.error().contains("rolling back to release " + good.releaseId()), failed.error());

        // The rollback is its own record, found over the API by its trigger, created only after the failed
        // deployment finished (so it is the newer of the two), and it ends.
        Map<String, Object> rollbackRecord = Poll.value(DEPLOY, "the rollback record of " + failed.id() + " to finish",
                () -> rollbackOf(failed).filter(r -> "succeeded".equals(r.get("status"))
                        || "failed".equals(r.get("status"))).orElse(null));
        assertEquals("succeeded", rollbackRecord.get("status"), "rollback record: " + rollbackRecord);
        assertEquals(good.releaseId().value(), rollbackRecord.get("releaseId"));
        assertFalse(java.time.Instant.parse((String) rollbackRecord.get("createdAt")).isBefore(failed.finishedAt()),
                "the rollback record exists only after the failed deployment finished: " + rollbackRecord + " vs "
                        + failed.finishedAt());
        List<Map<String, Object>> newest = given().auth().oauth2(DEPLOYER)
                .get("/api/v1/deployments?app=" + APP + "&env=staging&limit=2").then().statusCode(200).extract()
                .jsonPath().getList("$");
        assertEquals(List.of(rollbackRecord.get("id"), failed.id().value()), newest.stream().map(d -> d.get("id")).toList(),
                "newest first: the rollback, then the failed deployment");
        // Its own log: the rollback's steps and the incident note, streamed and closed like any deployment's.
        String rollbackLog = sseLog((String) rollbackRecord.get("id"));
        assertTrue(rollbackLog.contains("rolling back " + APP + "/staging from release " + failed.releaseId()), rollbackLog);
        assertTrue(rollbackLog.contains("Incident: " + APP + "/staging rolled back"), rollbackLog);
        assertEquals("deployment succeeded", lastLine(rollbackLog), rollbackLog);
        // The failed deployment's log ends with its own end: nothing of the rollback is appended after it.
        String failedLog = sseLog(failed.id().value());
        assertEquals("deployment failed", lastLine(failedLog), failedLog);
        assertFalse(failedLog.contains("Incident:"), failedLog);
        assertEquals("200 ok v1", get(DeployStack.stagingPort, "/health"), "the known-good release serves again");
        assertEquals(Path.of("releases", good.releaseId().value()), currentRelease("staging"));

        String incident = store.incident(failed.id()).orElseThrow();
        assertTrue(incident.contains("Failed release: " + failed.releaseId()), incident);
        assertTrue(incident.contains("Restored release: " + good.releaseId()), incident);
        assertTrue(incident.contains("Re-verification: verified"), incident);
        assertTrue(records.quarantined(new AppName(APP), failed.digest()).isPresent(), "digest quarantined");
        assertEquals(production.id(), latest("production").orElseThrow().id(), "production untouched");
        Poll.until(Duration.ofSeconds(30), "the rollback notification", () -> DeployStack.notifications.requests()
                .stream().anyMatch(r -> r.text().contains("\"dev.berth.rollback\"")
                        && r.text().contains(failed.releaseId().value())));

        // The rollback is a commit too: the restored pin and the quarantine, together.
        StateGit.Commit rollback = commitOf("rollback(" + APP + "/staging): " + good.digest().value().substring(0, 19));
        assertTrue(rollback.message().contains("Failed deployment: " + failed.id()), rollback.message());
        assertTrue(pinFile("staging").contains("digest: " + good.digest()), pinFile("staging"));
        assertTrue(DeployStack.state.file("state/" + APP + "/_quarantine.yaml").orElse("").contains(failed.digest().value()));
        assertEquals(good.releaseId(), latest("staging").orElseThrow().releaseId(), "berth reports what runs");
    }

    @Test
    @Order(4)
    void productionRegressionInsideTheWindowIsRolledBackByTheGuard() throws Exception {
        Deployment v1 = latest("production").orElseThrow();
        String v3 = pushImage("1.1.0", "ok v3");
        Poll.until(DEPLOY, "v3 to wait for approval into production", () -> given().auth().oauth2(DEPLOYER)
                .post("/api/v1/apps/" + APP + "/environments/production/approve").then().extract().statusCode() == 202);
        Deployment promoted = Poll.value(DEPLOY, "production deployment of v3", () -> ofTag("production", "1.1.0")
                .filter(d -> d.status().terminal()).orElse(null));
        assertEquals(DeploymentStatus.SUCCEEDED, promoted.status(), "error: " + promoted.error());
        assertEquals(v3, promoted.digest().value());

        // The app's health flips to failing after the promotion; the guard must roll production back.
        Path flag = DeployStack.flags.resolve("production").resolve("health");
        Files.writeString(flag, "fail\n");
        Poll.until(DEPLOY, "the guard to switch production back", () ->
                !currentRelease("production").equals(Path.of("releases", promoted.releaseId().value())));
        Files.writeString(flag, "ok\n");
        assertEquals(Path.of("releases", v1.releaseId().value()), currentRelease("production"));

        String incident = Poll.value(DEPLOY, "the incident note", () -> store.incident(promoted.id()).orElse(null));
        assertTrue(incident.contains("Restored release: " + v1.releaseId()), incident);
        assertTrue(incident.contains("flag/health"), incident);
        assertTrue(records.quarantined(new AppName(APP), promoted.digest()).isPresent(), "v3 quarantined");
        Poll.until(Duration.ofSeconds(30), "production to serve v1 again", () ->
                get(DeployStack.productionPort, "/health").equals("200 ok v1"));
        StateGit.Commit rollback = commitOf("rollback(" + APP + "/production): " + v1.digest().value().substring(0, 19));
        assertTrue(rollback.message().contains("Failed deployment: " + promoted.id()), rollback.message());
        assertTrue(pinFile("production").contains("digest: " + v1.digest()), pinFile("production"));
        assertTrue(DeployStack.state.file("state/" + APP + "/_quarantine.yaml").orElse("").contains(v3));
        // The guard's rollback is its own record with its own, closed log; the promoted deployment's log is untouched.
        Map<String, Object> guardRollback = Poll.value(DEPLOY, "the guard's rollback record to finish",
                () -> rollbackOf(promoted).filter(r -> "succeeded".equals(r.get("status"))).orElse(null));
        assertTrue(sseLog((String) guardRollback.get("id")).contains("Incident: " + APP + "/production rolled back"));
        String promotedLog = sseLog(promoted.id().value());
        assertEquals("deployment succeeded", lastLine(promotedLog), promotedLog);
        // The figure docs/benchmarks.md reports: from the tick that crossed the threshold to the rollback done.
        given().get("/q/metrics").then().extract().asString().lines()
                .filter(l -> l.startsWith("berth_rollback_duration_seconds_"))
                .forEach(l -> System.out.println("[benchmark] " + l));
    }

    @Test
    @Order(5)
    void gitRevertOfAPinDeploysTheOlderDigestWithoutAnApiCall() {
        Deployment v3 = latest("staging").orElseThrow();
        assertEquals("1.1.0", v3.tag(), "staging runs v3 since the previous scenario");
        Deployment v1 = store.list(Optional.of(new AppName(APP)), Optional.of(new EnvName("staging")), 50).stream()
                .filter(d -> "1.0.0".equals(d.tag())).findFirst().orElseThrow();
        StateGit.Commit pinned = commitOf("deploy(" + APP + "/staging): " + v3.digest().value().substring(0, 19));

        String revert = DeployStack.state.revert(pinned.id());

        Deployment reverted = Poll.value(DEPLOY, "the reverted pin to be deployed", () -> latest("staging")
                .filter(d -> d.trigger().equals("git:" + revert) && d.status().terminal()).orElse(null));
        assertEquals(DeploymentStatus.SUCCEEDED, reverted.status(), "error: " + reverted.error());
        assertEquals(v1.digest(), reverted.digest(), "the revert pinned the older digest");
        assertEquals(Path.of("releases", reverted.releaseId().value()), currentRelease("staging"));
        Poll.until(Duration.ofSeconds(30), "staging to serve v1 again", () ->
                get(DeployStack.stagingPort, "/health").equals("200 ok v1"));
        commitOf("deploy(" + APP + "/staging): " + v1.digest().value().substring(0, 19));
    }

    @Test
    @Order(6)
    void productionRegressionOutsideTheWindowAlertsAndDoesNotRollBack() throws Exception {
        // A person shortens production's rollback window in Git: berth applies it on its next pull.
        DeployStack.state.commit(Map.of("apps/" + APP + "/app.yaml", DeployStack.appYaml("1s")), "production: 1s window");
        Poll.until(Duration.ofSeconds(60), "berth to apply the 1s rollback window", () -> catalog
                .find(new AppName(APP)).flatMap(a -> a.environment(new EnvName("production")))
                .map(e -> e.rollback().window().equals(Duration.ofSeconds(1))).orElse(false));
        Deployment running = latest("production").orElseThrow();
        Path before = currentRelease("production");

        Path flag = DeployStack.flags.resolve("production").resolve("health");
        Files.writeString(flag, "fail\n");
        try {
            Poll.until(DEPLOY, "the alert that production fails outside its window", () -> DeployStack.notifications
                    .requests().stream().anyMatch(r -> r.text().contains("outside its rollback window")
                            && r.text().contains(running.releaseId().value())));
            // The operator sees why: the environment's health and its recent check rounds.
            given().auth().oauth2(DEPLOYER).get("/api/v1/apps/" + APP).then().statusCode(200)
                    .body("environments[1].health", org.hamcrest.Matchers.equalTo("failing"))
                    .body("environments[1].recentChecks[0].phase", org.hamcrest.Matchers.equalTo("guard"))
                    .body("environments[1].recentChecks[0].verdict", org.hamcrest.Matchers.equalTo("fail"))
                    .body("environments[1].recentChecks[0].check", org.hamcrest.Matchers.containsString("flag/health"));
        } finally {
            Files.writeString(flag, "ok\n");
        }
        // The operator's rollback without a named release: production runs its last known-good release, and the
        // only other one is quarantined, so berth refuses instead of bringing the broken release back.
        given().auth().oauth2(DEPLOYER).post("/api/v1/apps/" + APP + "/environments/production/rollback").then()
                .statusCode(409).body("error", org.hamcrest.Matchers.containsString("no earlier good release"));
        assertEquals(before, currentRelease("production"), "no rollback outside the window");
        assertEquals(running.id(), latest("production").orElseThrow().id(), "no deployment either");
        assertTrue(store.incident(running.id()).isEmpty(), "no incident: nothing was rolled back");
    }

    @Test
    @Order(7)
    void changedHostKeyIsRefusedAndNothingRuns() throws Exception {
        Path before = currentRelease("staging");
        String serving = get(DeployStack.stagingPort, "/health");
        List<java.util.logging.LogRecord> sshjErrors = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                if (r.getLoggerName() != null && r.getLoggerName().startsWith("net.schmizz")
                        && r.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue()) {
                    sshjErrors.add(r);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger.getLogger("").addHandler(capture);
        DeployStack.host.newHostKey().restart();
        int logins = DeployStack.host.acceptedLogins();

        // The guard cannot check staging any more (the host key is refused): health is unknown, not the last healthy.
        try {
            Poll.until(DEPLOY, "staging's health to read unknown while its checks cannot run", () -> {
                io.restassured.path.json.JsonPath app = given().auth().oauth2(DEPLOYER).get("/api/v1/apps/" + APP)
                        .then().statusCode(200).extract().jsonPath();
                return "checker_error".equals(app.getString("environments[0].recentChecks[0].verdict"))
                        && "unknown".equals(app.getString("environments[0].health"));
            });
        } finally {
            java.util.logging.Logger.getLogger("").removeHandler(capture);
        }
        // Checks that cannot run say nothing about the app: the status record is neither degraded nor rolling back.
        String phase = given().auth().oauth2(DEPLOYER).get("/api/v1/apps/" + APP + "/environments/staging").then()
                .statusCode(200).extract().jsonPath().getString("status.phase");
        assertFalse(List.of("degraded", "rolling-back", "rollback-failed").contains(phase), "staging phase: " + phase);
        // berth says what is wrong itself (HostKeyMismatch, SHA256); sshj's ERROR lines with an MD5 fingerprint stay out.
        assertEquals(List.of(), sshjErrors.stream().map(r -> r.getLoggerName() + ": " + r.getMessage()).toList());

        pushImage("1.0.2", "ok v3");
        Deployment refused = Poll.value(DEPLOY, "staging deployment of 1.0.2 to finish", () -> ofTag("staging", "1.0.2")
                .filter(d -> d.status().terminal()).orElse(null));

        assertEquals(DeploymentStatus.FAILED, refused.status());
        assertTrue(refused.error().contains("host key"), refused.error());
        assertEquals(logins, DeployStack.host.acceptedLogins(), "no login happened");
        assertEquals(before, currentRelease("staging"));
        assertEquals(serving, get(DeployStack.stagingPort, "/health"), "the old release still serves");
    }
}
