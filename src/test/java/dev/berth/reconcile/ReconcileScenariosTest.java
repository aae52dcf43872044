package dev.berth.reconcile;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.config.AppCatalog;
import dev.berth.config.AppDefinition;
import dev.berth.config.EnvironmentSpec;
import dev.berth.config.HostSpec;
import dev.berth.deploy.Deployment;
import dev.berth.deploy.DeploymentStatus;
import dev.berth.deploy.DeploymentStore;
import dev.berth.domain.AppName;
import dev.berth.domain.DeliveryId;
import dev.berth.domain.DeploymentId;
import dev.berth.domain.Digest;
import dev.berth.domain.ReleaseId;
import dev.berth.domain.EnvName;
import dev.berth.domain.ImageRef;
import dev.berth.domain.Tag;
import dev.berth.events.Event;
import dev.berth.events.EventStore;
import dev.berth.testing.HttpSink;
import dev.berth.testing.Poll;
import dev.berth.testing.RedisResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

/**
 * The reconciler's failure scenarios against real parts (redis-server, OpenSSH sshd running the real agent, the
 * Distribution registry, a loopback notification sink): pushes go through the real router, rollbacks are decided by
 * the real guard, and each test asserts what the hosts run and what berth recorded.
 */
@QuarkusTest
@QuarkusTestResource(RedisResource.class)
@QuarkusTestResource(value = ReconcileStack.class, restrictToAnnotatedClass = true)
class ReconcileScenariosTest {

    private static final Duration WAIT = Duration.ofMinutes(3);
    private static final String VIEWER = "viewer-token-0123456789";

    @Inject
    EventStore events;
    @Inject
    DeploymentStore store;
    @Inject
    EnvStatusStore statuses;
    @Inject
    EnvironmentReconciler reconciler;
    @Inject
    ReconcileQueue queue;
    @Inject
    AppCatalog catalog;
    @Inject
    io.quarkus.redis.datasource.RedisDataSource redis;
    @Inject
    dev.berth.events.RedisKeys keys;

    /** Pushes {@code tag} of the app's image to the registry and returns its digest (no event yet). */
    private static String pushImage(String app, String tag) {
        return ReconcileStack.registry.pushImage("acme/" + app, tag);
    }

    /** The registry's notification of that push, as the webhook stores it: the router takes it from here. */
    private void announce(String app, String tag) {
        events.append(Event.imagePush("distribution", new DeliveryId(UUID.randomUUID().toString()),
                ImageRef.parse(ReconcileStack.registry.host() + "/acme/" + app), new Tag(tag), null, null, true,
                Instant.now())).await().atMost(Duration.ofSeconds(10));
    }

    private String push(String app, String tag) {
        String digest = pushImage(app, tag);
        announce(app, tag);
        return digest;
    }

    private List<Deployment> deployments(String app, String env) {
        return store.list(Optional.of(new AppName(app)), Optional.of(new EnvName(env)), 100);
    }

    /** The deployment of {@code digest} to app/env (not a rollback record) once it finished. */
    private Deployment finished(String app, String env, String digest) {
        return Poll.value(WAIT, app + "/" + env + " deployment of " + digest + " to finish", () -> deployments(app, env)
                .stream().filter(d -> d.digest().value().equals(digest) && !d.trigger().startsWith("rollback:")
                        && d.status().terminal()).findFirst().orElse(null));
    }

    private EnvStatus status(String app, String env) {
        return statuses.read(new AppName(app), new EnvName(env));
    }

    private static long activations(String host, String app, String release) {
        return ReconcileStack.host(host).agentCalls().stream()
                .filter(l -> l.startsWith("berth-agent activate ") && l.contains("--app " + app)
                        && l.contains("--release " + release)).count();
    }

    private static List<HttpSink.Request> notified(String kind, String app) {
        return ReconcileStack.notifications.requests().stream()
                .filter(r -> r.text().contains("\"dev.berth." + kind + "\"") && r.text().contains("\"" + app + "\""))
                .toList();
    }

    /**
     * A Distribution registry notifies "manifest pushed" before it links the tag: the router asks again instead of
     * dropping the push. Here the event is in the stream before the image is, and the image is pushed once the
     * router holds the event.
     */
    @Test
    void aPushAnnouncedBeforeItsTagExistsIsStillDeployed() {
        announce("late", "1.0.0");
        Poll.until(Duration.ofSeconds(30), "the router to hold the event", () -> {
            io.vertx.mutiny.redis.client.Response pending = redis.execute("XPENDING", keys.events(), "router");
            return pending != null && pending.get(0).toLong() > 0;
        });
        String digest = pushImage("late", "1.0.0");
        Deployment d = finished("late", "staging", digest);
        assertEquals(DeploymentStatus.SUCCEEDED, d.status(), "error: " + d.error());
    }

    /** Scenario 1: a verification far longer than claim-idle (1 s) activates each host exactly once. */
    @Test
    void verificationLongerThanClaimIdleActivatesEachHostOnce() {
        String digest = push("once", "1.0.0");
        Deployment d = finished("once", "staging", digest);

        assertEquals(DeploymentStatus.SUCCEEDED, d.status(), "error: " + d.error());
        assertTrue(Duration.between(d.startedAt(), d.finishedAt()).compareTo(Duration.ofSeconds(3)) >= 0,
                "4 passes 1 s apart: the verification outlasts claim-idle several times");
        String release = d.releaseId().value();
        for (String host : List.of("once-a", "once-b")) {
            assertEquals(1, activations(host, "once", release), host + ": " + ReconcileStack.host(host).agentCalls());
            assertEquals(release, ReconcileStack.host(host).current("once", "staging"), host);
        }
        assertEquals(1, deployments("once", "staging").size(), "one deployment record");

        // The record follows the deployment record (what runs is set as the deployment is saved succeeded).
        EnvStatus s = Poll.value(Duration.ofSeconds(30), "the status record to say what runs", () -> {
            EnvStatus now = status("once", "staging");
            return now.current() != null && now.current().deployment().equals(d.id().value()) ? now : null;
        });
        assertEquals(Phase.HEALTHY, s.phase());
        assertEquals(d.id().value(), s.desired().deployment());
        assertEquals(d.id().value(), s.current().deployment());
        assertEquals(release, s.knownGood().releaseId());
        assertEquals(List.of(release, release), s.hosts().stream().map(EnvStatus.HostState::observedRelease).toList());
        given().auth().oauth2(VIEWER).get("/api/v1/apps/once/environments/staging").then().statusCode(200)
                .body("name", Matchers.equalTo("staging"))
                .body("current.id", Matchers.equalTo(d.id().value()))
                .body("status.phase", Matchers.equalTo("healthy"))
                .body("status.desired.digest", Matchers.equalTo(digest))
                .body("status.desired.releaseId", Matchers.equalTo(release))
                .body("status.hosts.observedRelease", Matchers.everyItem(Matchers.equalTo(release)))
                .body("status.knownGood.releaseId", Matchers.equalTo(release))
                .body("status.attempts", Matchers.equalTo(0))
                .body("status.version", Matchers.greaterThan(0));
        given().auth().oauth2(VIEWER).get("/api/v1/apps/once").then().statusCode(200)
                .body("environments[0].status.phase", Matchers.equalTo("healthy"));
        given().auth().oauth2(VIEWER).get("/api/v1/apps/once/environments/nope").then().statusCode(404);
        Poll.until(Duration.ofSeconds(30), "the phase gauge", () -> given().get("/q/metrics").asString().lines()
                .anyMatch(l -> l.startsWith("berth_environment_phase{") && l.contains("app=\"once\"")
                        && l.contains("phase=\"healthy\"") && l.endsWith(" 1.0")));
        Poll.until(Duration.ofSeconds(30), "the queue depth gauge",
                () -> given().get("/q/metrics").asString().contains("berth_reconcile_queue_depth"));
    }

    /**
     * A reconciler that lost its lease stops before its next host; the next reconciler resumes the same deployment
     * and does not activate the host that already switched again.
     */
    @Test
    void aReconcilerThatLostItsLeaseStopsBeforeItsNextHostAndTheNextResumes() {
        Digest digest = new Digest(pushImage("resume", "1.0.0"));
        AppDefinition app = catalog.find(new AppName("resume")).orElseThrow();
        EnvironmentSpec env = app.first();
        Instant now = Instant.now();
        Deployment d = new Deployment(DeploymentId.next(now), app.name(), env.name(), app.image(), "1.0.0", digest,
                ReleaseId.of(now, digest), env.hosts().stream().map(HostSpec::ssh).toList(), DeploymentStatus.QUEUED,
                now, null, null, "test", "lease test", null);
        store.save(d);
        statuses.update(app.name(), env.name(), s -> s.withDesired(new EnvStatus.Desired(d.id().value(),
                digest.value(), "1.0.0", d.releaseId().value(), null, "lease test")));
        String first = env.hosts().get(0).ssh();
        String release = d.releaseId().value();

        // The lease is lost as soon as the first host switched.
        reconciler.reconcile(app.name(), env.name(),
                () -> statuses.read(app.name(), env.name()).observed(first) != null);

        assertEquals(release, ReconcileStack.host("resume-a").current("resume", "staging"));
        assertNull(ReconcileStack.host("resume-b").current("resume", "staging"), "the second host is untouched");
        assertEquals(0, activations("resume-b", "resume", release));
        assertEquals(DeploymentStatus.RUNNING, store.find(d.id()).orElseThrow().status(), "left for the next holder");

        queue.enqueue(app.name(), env.name(), Instant.now());
        Deployment done = finished("resume", "staging", digest.value());
        assertEquals(DeploymentStatus.SUCCEEDED, done.status(), "error: " + done.error());
        for (String host : List.of("resume-a", "resume-b")) {
            assertEquals(1, activations(host, "resume", release), host + ": "
                    + ReconcileStack.host(host).agentCalls());
            assertEquals(release, ReconcileStack.host(host).current("resume", "staging"), host);
        }
        assertEquals(Phase.HEALTHY, status("resume", "staging").phase());
    }

    /** Scenario 4: both environments of an app regress at the same moment; both are rolled back. */
    @Test
    void bothEnvironmentsRegressingAtOnceAreBothRolledBack() {
        String v1 = push("twin", "1.0.0");
        Deployment staging1 = finished("twin", "staging", v1);
        Deployment production1 = finished("twin", "production", v1);
        assertEquals(DeploymentStatus.SUCCEEDED, production1.status(), "error: " + production1.error());
        String v2 = push("twin", "1.1.0");
        Deployment staging2 = finished("twin", "staging", v2);
        Deployment production2 = finished("twin", "production", v2);
        assertEquals(DeploymentStatus.SUCCEEDED, production2.status(), "error: " + production2.error());
        Poll.until(WAIT, "the guard to watch both", () -> status("twin", "production").phase() == Phase.HEALTHY
                && status("twin", "staging").phase() == Phase.HEALTHY);

        ReconcileStack.health.degrade(v2);

        for (String env : List.of("staging", "production")) {
            Poll.until(WAIT, "twin/" + env + " rolled back", () -> {
                EnvStatus s = status("twin", env);
                return s.rollback() == null && s.current() != null && s.current().digest().equals(v1)
                        && s.phase() == Phase.HEALTHY;
            });
        }
        assertEquals(staging1.releaseId().value(), ReconcileStack.host("twin-s").current("twin", "staging"));
        assertEquals(production1.releaseId().value(), ReconcileStack.host("twin-p").current("twin", "production"));
        for (String env : List.of("staging", "production")) {
            EnvStatus s = status("twin", env);
            assertTrue(s.quarantined().contains(v2), env + ": " + s.quarantined());
            Deployment newest = deployments("twin", env).get(0);
            assertEquals(DeploymentStatus.SUCCEEDED, newest.status());
            assertEquals(v1, newest.digest().value());
            assertTrue(newest.trigger().startsWith("rollback:"), newest.trigger());
            assertTrue(store.incident(env.equals("staging") ? staging2.id() : production2.id()).orElseThrow()
                    .contains("Re-verification: verified"));
        }
        Poll.until(Duration.ofSeconds(30), "two rollback notifications", () -> notified("rollback", "twin")
                .size() == 2);
        assertEquals(0, notified("rollback.failed", "twin").size());
    }

    /**
     * Scenario 5: a host is unreachable during a rollback: rollback-failed, one CRITICAL notification, retried, and
     * converged once the host is back.
     */
    @Test
    void unreachableHostDuringARollbackFailsLoudlyAndConvergesWhenItIsBack() {
        String v1 = push("lonely", "1.0.0");
        Deployment good = finished("lonely", "staging", v1);
        assertEquals(DeploymentStatus.SUCCEEDED, good.status(), "error: " + good.error());
        String v2 = push("lonely", "1.1.0");
        Deployment bad = finished("lonely", "staging", v2);
        assertEquals(DeploymentStatus.SUCCEEDED, bad.status(), "error: " + bad.error());
        Poll.until(WAIT, "the guard to watch lonely", () -> status("lonely", "staging").phase() == Phase.HEALTHY);
        ReconcileStack.Host b = ReconcileStack.host("lonely-b");
        String v1Release = good.releaseId().value();

        b.sshd().stop();
        try {
            ReconcileStack.health.degrade(v2);
            EnvStatus failed = Poll.value(WAIT, "lonely/staging rollback-failed", () -> {
                EnvStatus s = status("lonely", "staging");
                return s.phase() == Phase.ROLLBACK_FAILED ? s : null;
            });
            assertNotNull(failed.nextRetryAt());
            assertTrue(failed.lastError().contains(b.sshd().address()), failed.lastError());
            assertEquals(v1Release, failed.rollback().to());
            assertEquals(v1Release, ReconcileStack.host("lonely-a").current("lonely", "staging"), "host a restored");
            assertEquals(bad.releaseId().value(), b.current("lonely", "staging"), "host b unreachable");
            given().auth().oauth2(VIEWER).get("/api/v1/apps/lonely/environments/staging").then().statusCode(200)
                    .body("status.phase", Matchers.equalTo("rollback-failed"))
                    .body("status.lastError", Matchers.containsString(b.sshd().address()))
                    .body("status.nextRetryAt", Matchers.notNullValue())
                    .body("status.hosts[1].error", Matchers.containsString(b.sshd().address()));

            Poll.until(WAIT, "the rollback to be retried", () -> status("lonely", "staging").attempts() >= 3);
            List<HttpSink.Request> critical = Poll.value(Duration.ofSeconds(30), "the rollback.failed notification",
                    () -> notified("rollback.failed", "lonely").isEmpty() ? null : notified("rollback.failed",
                            "lonely"));
            assertEquals(1, critical.size(), "one CRITICAL notification, not one per attempt");
            assertTrue(critical.get(0).text().contains("\"critical\""), critical.get(0).text());
            assertEquals(0, notified("rollback", "lonely").size(), "never 'Rolled back' while a host is not restored");
            assertTrue(store.list(Optional.of(new AppName("lonely")), Optional.of(new EnvName("staging")), 100)
                    .stream().noneMatch(d -> d.trigger().startsWith("rollback:")), "no rollback record yet");
            String metrics = given().get("/q/metrics").asString();
            assertTrue(metrics.lines().anyMatch(l -> l.startsWith("berth_rollbacks_failed_total{")
                    && l.contains("app=\"lonely\"")), "berth_rollbacks_failed_total");
        } finally {
            b.sshd().start();
        }

        Poll.until(WAIT, "lonely/staging to converge", () -> {
            EnvStatus s = status("lonely", "staging");
            return s.phase() == Phase.HEALTHY && s.rollback() == null;
        });
        assertEquals(v1Release, ReconcileStack.host("lonely-a").current("lonely", "staging"));
        assertEquals(v1Release, b.current("lonely", "staging"));
        EnvStatus s = status("lonely", "staging");
        assertEquals(0, s.attempts());
        assertNull(s.lastError());
        assertNull(s.nextRetryAt());
        assertEquals(v1, s.current().digest());
        assertTrue(deployments("lonely", "staging").get(0).trigger().equals("rollback:" + bad.id()));
        Poll.until(Duration.ofSeconds(30), "the rollback notification", () -> notified("rollback", "lonely")
                .size() == 1);
        assertEquals(1, notified("rollback.failed", "lonely").size());
    }

    /** Scenario 6: the second host of two fails to activate: every host ends on the same release. */
    @Test
    void secondHostFailingToActivateLeavesEveryHostOnTheSameRelease() {
        String v1 = push("mixed", "1.0.0");
        Deployment good = finished("mixed", "staging", v1);
        assertEquals(DeploymentStatus.SUCCEEDED, good.status(), "error: " + good.error());
        String v2 = pushImage("mixed", "1.1.0");
        ReconcileStack.host("mixed-b").compose().failDigest(v2.substring("sha256:".length()));
        announce("mixed", "1.1.0");

        Deployment failed = finished("mixed", "staging", v2);
        assertEquals(DeploymentStatus.FAILED, failed.status());
        assertTrue(failed.error().contains("switched back to " + good.releaseId()), failed.error());
        assertEquals(1, activations("mixed-a", "mixed", failed.releaseId().value()));
        assertEquals(1, activations("mixed-b", "mixed", failed.releaseId().value()));
        Poll.until(WAIT, "mixed/staging to settle", () -> status("mixed", "staging").rollback() == null
                && status("mixed", "staging").phase() == Phase.HEALTHY);

        for (String host : List.of("mixed-a", "mixed-b")) {
            assertEquals(good.releaseId().value(), ReconcileStack.host(host).current("mixed", "staging"), host);
        }
        EnvStatus s = status("mixed", "staging");
        assertEquals(List.of(good.releaseId().value(), good.releaseId().value()),
                s.hosts().stream().map(EnvStatus.HostState::observedRelease).toList());
        assertEquals(v1, s.current().digest());
        assertTrue(s.quarantined().isEmpty(), "a host failure is not the digest's fault: " + s.quarantined());
        assertEquals("rollback:" + failed.id(), deployments("mixed", "staging").get(0).trigger());
    }
}
