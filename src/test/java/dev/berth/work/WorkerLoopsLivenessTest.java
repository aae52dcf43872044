package dev.berth.work;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.testing.Poll;
import dev.berth.testing.RedisResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * berth's liveness over real HTTP: UP while every worker loop (the stream consumers, the notification sink, the
 * scheduled loops) beats; DOWN, naming the loop, once one dies or stalls. Its own profile (one notification sink,
 * so its worker loop runs too; the reconcilers run as everywhere), because a dead loop keeps this berth DOWN for good.
 */
@QuarkusTest
@QuarkusTestResource(RedisResource.class)
@TestProfile(WorkerLoopsLivenessTest.Profile.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkerLoopsLivenessTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("berth.notify.sinks.ops.type", "webhook",
                    "berth.notify.sinks.ops.url", "http://127.0.0.1:9/unused",
                    "berth.notify.sinks.ops.secret", "liveness-test-secret");
        }
    }

    @Inject
    ManagedExecutors executors;

    @Test
    @Order(1)
    void liveWhileEveryLoopBeatsAndTheirMetricsAreServed() throws Exception {
        Poll.until(DEADLINE, "the stream consumers and the sink worker to register", () -> executors.loops().stream()
                .map(LoopState::name).toList().containsAll(java.util.List.of("router", "notify-ops")));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks[0].data.'notify-ops'", startsWith("running"))
                .body("checks[0].data.router", startsWith("running"));

        ExecutorService pool = executors.pool("liveness-test", 1, 4);
        CountDownLatch ran = new CountDownLatch(1);
        pool.submit(ran::countDown);
        assertTrue(ran.await(10, TimeUnit.SECONDS));
        Poll.until(DEADLINE, "the executor and loop meters", () -> {
            String metrics = given().get("/q/metrics").asString();
            return metrics.contains("berth_executor_completed_total{executor=\"liveness-test\"} 1.0")
                    && metrics.contains("berth_executor_queued{executor=\"liveness-test\"} 0.0")
                    && metrics.contains("berth_loop_up{loop=\"router\"} 1.0")
                    && metrics.contains("berth_loop_heartbeats_total{loop=\"notify-ops\"}");
        });
        // The readiness checks' timer and the guard's probes are managed pools too.
        given().get("/q/health/ready");
        Poll.until(DEADLINE, "the health-timer and guard executors",
                () -> executors.pools().containsAll(java.util.List.of("health-timer", "guard")));
        given().get("/q/metrics").then().body(containsString("berth_executor_active{executor=\"guard\"}"))
                .body(containsString("berth_loop_up{loop=\"reconcile-0\"} 1.0"));
    }

    @Test
    @Order(2)
    void aLoopThatStallsMakesLivenessDown() {
        Heartbeat stuck = executors.register("stuck-test-loop", Duration.ofMillis(300));
        Poll.until(DEADLINE, "liveness DOWN for the stalled loop",
                () -> given().get("/q/health/live").statusCode() == 503);
        given().get("/q/health/live").then().statusCode(503).body("status", equalTo("DOWN"))
                .body("checks[0].data.'stuck-test-loop'", startsWith("stalled"));
        // Progress again: UP again.
        stuck.beat();
        stuck.stopped();
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    @Order(3)
    @SuppressWarnings("removal")
    void aReconcilerWhoseLoopDiesMakesLivenessDown() {
        Poll.until(DEADLINE, "the reconcilers to register", () -> executors.loops().stream().map(LoopState::name)
                .toList().containsAll(java.util.List.of("reconcile-0", "reconcile-1")));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks[0].data.'reconcile-0'", startsWith("running"));
        Thread reconciler = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("berth-reconcile-0")).findFirst()
                .orElseThrow(() -> new AssertionError("no thread berth-reconcile-0"));
        // An error escaping the loop (what a reconciler bug throwing an Error does): the thread ends.
        reconciler.stop();
        Poll.until(DEADLINE, "liveness DOWN for the dead reconciler",
                () -> given().get("/q/health/live").statusCode() == 503);
        given().get("/q/health/live").then().statusCode(503).body("status", equalTo("DOWN"))
                .body("checks[0].data.'reconcile-0'", startsWith("died: ThreadDeath"))
                .body("checks[0].data.'reconcile-1'", startsWith("running"));
        given().get("/q/metrics").then().body(containsString("berth_loop_up{loop=\"reconcile-0\"} 0.0"))
                .body(containsString("berth_loop_up{loop=\"reconcile-1\"} 1.0"));
    }

    @Test
    @Order(4)
    void aLoopThatDiesMakesLivenessDownForGood() {
        executors.start("dying-test-loop", Duration.ofMinutes(5), heartbeat -> {
            heartbeat.beat();
            throw new IllegalStateException("boom in the loop");
        });
        Poll.until(DEADLINE, "liveness DOWN for the dead loop",
                () -> given().get("/q/health/live").statusCode() == 503);
        given().get("/q/health/live").then().statusCode(503).body("status", equalTo("DOWN"))
                .body("checks[0].data.'dying-test-loop'", startsWith("died: IllegalStateException: boom in the loop"));
        given().get("/q/metrics").then().body(containsString("berth_loop_up{loop=\"dying-test-loop\"} 0.0"));
    }
}
