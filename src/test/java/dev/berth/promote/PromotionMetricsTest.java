package dev.berth.promote;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.berth.config.AppCatalog;
import dev.berth.config.AppDefinition;
import dev.berth.deploy.Deployment;
import dev.berth.deploy.DeploymentChanged;
import dev.berth.deploy.DeploymentExecutor;
import dev.berth.deploy.DeploymentStatus;
import dev.berth.deploy.DeploymentStore;
import dev.berth.domain.AppName;
import dev.berth.domain.Digest;
import dev.berth.testing.Poll;
import dev.berth.testing.RedisResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The rollback, check and lead-time metrics as Prometheus serves them at /q/metrics, after real runs: a verification
 * against a real HTTP server that answers 500, a manual rollback through the API, a promoted deployment succeeding.
 */
@QuarkusTest
@QuarkusTestResource(RedisResource.class)
@QuarkusTestResource(value = PromoteStack.class, restrictToAnnotatedClass = true)
class PromotionMetricsTest {

    private static final String DEPLOYER = "deployer-token-0123456789";

    @Inject
    AppCatalog catalog;
    @Inject
    AfterDeploy afterDeploy;
    @Inject
    DeploymentStore store;
    @Inject
    Event<DeploymentChanged> changed;

    /** The value of the first sample of {@code name} whose labels contain every one of {@code labels}. */
    static Double sample(String name, String... labels) {
        return given().get("/q/metrics").asString().lines()
                .filter(l -> l.startsWith(name + "{") && Arrays.stream(labels).allMatch(l::contains))
                .map(l -> Double.valueOf(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(null);
    }

    private AppDefinition app() {
        return catalog.find(new AppName("verifyfail")).orElseThrow();
    }

    @Test
    void failedVerificationCountsItsChecksAndItsRollback() {
        AppDefinition app = app();
        Deployment d = Seed.deployment(app, app.first(), Seed.digest(), DeploymentStatus.RUNNING, Instant.now(),
                "test");
        store.save(d);
        DeploymentExecutor.DeployFailed failed = assertThrows(DeploymentExecutor.DeployFailed.class,
                () -> afterDeploy.after(d, (s, line) -> { }));
        // The deploy worker runs the rollback once it recorded the failure (when there is a release to go back to).
        failed.followUp().ifPresent(Runnable::run);
        assertEquals(1.0, sample("berth_rollbacks_total", "app=\"verifyfail\"", "env=\"staging\"",
                "reason=\"verification\""));
        assertEquals(1.0, sample("berth_rollback_duration_seconds_count", "app=\"verifyfail\"",
                "reason=\"verification\""));
        assertEquals(1.0, sample("berth_checks_total", "app=\"verifyfail\"", "phase=\"verify\"",
                "result=\"fail\""));
    }

    @Test
    void manualRollbackThroughTheApiIsCounted() {
        AppDefinition app = app();
        // An earlier good release to go back to, and the current one (berth refuses a rollback with nowhere to go).
        store.save(Seed.deployment(app, EnvironmentSpecs.production(app), Seed.digest(),
                Instant.now().minusSeconds(60)));
        store.save(Seed.deployment(app, EnvironmentSpecs.production(app), Seed.digest(), Instant.now()));
        given().auth().oauth2(DEPLOYER).contentType("application/json").body("{}")
                .post("/api/v1/apps/verifyfail/environments/production/rollback").then().statusCode(202);
        // The reconciler counts a rollback when its first attempt starts and times it when it ends (restored or
        // failed): wait for the end, then both say one rollback.
        Poll.until(Duration.ofSeconds(30), "the manual rollback to end", () -> sample(
                "berth_rollback_duration_seconds_count", "env=\"production\"", "reason=\"manual\"") != null);
        assertEquals(1.0, sample("berth_rollbacks_total", "app=\"verifyfail\"", "env=\"production\"",
                "reason=\"manual\""));
        assertEquals(1.0, sample("berth_rollback_duration_seconds_count", "env=\"production\"",
                "reason=\"manual\""));
    }

    @Test
    void promotedDeploymentRecordsTheLeadTimeFromTheFirstEnvironment() {
        AppDefinition app = app();
        Digest digest = Seed.digest();
        Instant pushed = Instant.parse("2024-05-01T10:00:00Z");
        // The digest was deployed to staging twice (a redeploy); the lead time counts from the first.
        Deployment first = Seed.deployment(app, app.first(), digest, pushed);
        store.save(first);
        store.save(Seed.deployment(app, app.first(), digest, pushed.plusSeconds(30)));
        Deployment promoted = Seed.deployment(app, EnvironmentSpecs.production(app), digest,
                DeploymentStatus.RUNNING, pushed.plusSeconds(60), "promotion:" + first.id())
                .with(DeploymentStatus.SUCCEEDED, pushed.plusSeconds(90), null);
        store.save(promoted);
        changed.fire(new DeploymentChanged(promoted));
        assertEquals(1.0, sample("berth_promotion_lead_time_seconds_count", "app=\"verifyfail\"",
                "env=\"production\""));
        assertEquals(90.0, sample("berth_promotion_lead_time_seconds_sum", "app=\"verifyfail\"",
                "env=\"production\""));
    }
}
