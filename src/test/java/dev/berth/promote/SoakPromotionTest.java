package dev.berth.promote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.config.AppCatalog;
import dev.berth.config.AppDefinition;
import dev.berth.deploy.Deployment;
import dev.berth.deploy.DeploymentStore;
import dev.berth.domain.AppName;
import dev.berth.domain.EnvName;
import dev.berth.testing.Poll;
import dev.berth.testing.RedisResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Soak with the real guard scheduler, real Redis and a real loopback HTTP server as the direct check target: a
 * digest verified in staging is promoted to production only when its soak ends with every guard check passed; a
 * failing check during the soak cancels it and nothing is promoted.
 */
@QuarkusTest
@QuarkusTestResource(RedisResource.class)
@QuarkusTestResource(value = PromoteStack.class, restrictToAnnotatedClass = true)
class SoakPromotionTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    AppCatalog catalog;
    @Inject
    DeploymentStore store;
    @Inject
    EnvironmentRecords records;
    @Inject
    Promotions promotions;
    @Inject
    Soaks soaks;

    /** Seeds a deployment verified in staging, as AfterDeploy leaves it, and reports it verified. */
    private Deployment verifiedInStaging(AppDefinition app) {
        Deployment d = Seed.deployment(app, app.first(), Seed.digest(), Instant.now());
        store.save(d);
        records.markGood(d, Instant.now());
        promotions.verified(app, app.first(), d);
        return d;
    }

    private List<Deployment> production(AppName app) {
        return store.list(Optional.of(app), Optional.of(new EnvName("production")), 10);
    }

    @Test
    void soakEndingWithOnlyPassesQueuesThePromotion() {
        AppDefinition app = catalog.find(new AppName("soakok")).orElseThrow();
        Deployment d = verifiedInStaging(app);
        Soak soak = soaks.find(app.name(), app.first().name()).orElseThrow();
        assertEquals(d.id(), soak.deployment());
        assertTrue(production(app.name()).isEmpty(), "nothing promoted while the digest soaks");

        Deployment promoted = Poll.value(WAIT, "the promotion after the soak", () -> production(app.name())
                .stream().findFirst().orElse(null));
        assertEquals(d.digest(), promoted.digest(), "the soaked digest itself is promoted");
        assertEquals("promotion:" + d.id(), promoted.trigger());
        assertTrue(!promoted.createdAt().isBefore(soak.until()), "not before the soak's end");
        assertTrue(soaks.find(app.name(), app.first().name()).isEmpty(), "the soak is over");
        assertTrue(PromotionMetricsTest.sample("berth_checks_total", "app=\"soakok\"", "phase=\"guard\"",
                "result=\"pass\"") >= 1.0, "the guard's passing rounds are counted");
    }

    @Test
    void failingCheckDuringTheSoakCancelsItAndNothingIsPromoted() {
        AppDefinition app = catalog.find(new AppName("soakbad")).orElseThrow();
        Deployment d = verifiedInStaging(app);
        Poll.until(WAIT, "a passing guard round during the soak", () -> soaks.find(app.name(), app.first().name())
                .map(s -> s.passes() >= 1).orElse(false));
        PromoteStack.health.status("/soakbad/staging", 500);
        try {
            Poll.until(WAIT, "the soak to be canceled", () -> soaks.find(app.name(), app.first().name()).isEmpty());
        } finally {
            PromoteStack.health.status("/soakbad/staging", 200);
        }
        String log = Poll.value(WAIT, "the cancel in the deployment log", () -> store.readLog(d.id(), "0", 100,
                Duration.ZERO).stream().map(m -> m.payload().get("line")).filter(l -> l.startsWith("soak of"))
                .findFirst().orElse(null));
        assertTrue(production(app.name()).isEmpty(), "nothing promoted");
        assertTrue(log.contains("canceled") && log.contains("status 500"), log);
    }
}
