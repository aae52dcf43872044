package dev.berth.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.domain.AppName;
import dev.berth.domain.Digest;
import dev.berth.domain.EnvName;
import dev.berth.domain.ImageRef;
import dev.berth.testing.Poll;
import dev.berth.testing.RedisResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Newest wins, across the real reconciler and Redis: while the lease of an environment is held, each newer intent
 * supersedes the queued deployment before it, and the newest runs once the lease is free.
 */
@QuarkusTest
@QuarkusTestResource(RedisResource.class)
class NewestWinsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    DeployQueue queue;

    @Inject
    DeployLocks locks;

    @Inject
    DeploymentStore store;

    private Deployment enqueue(String app, int n) {
        Digest digest = new Digest("sha256:" + Integer.toHexString(n).repeat(64).substring(0, 64));
        return queue.enqueue(new DeployQueue.Request(new AppName(app), new EnvName("staging"),
                ImageRef.parse("registry.example.com/acme/" + app), "1.0." + n, digest, List.of("deploy@127.0.0.1:22"),
                "test", "push " + n));
    }

    private DeploymentStatus status(Deployment d) {
        return store.find(d.id()).orElseThrow().status();
    }

    @Test
    void olderQueuedDeploysAreSupersededByTheNewest() {
        AppName app = new AppName("newestwins");
        DeployLocks.Lease running = locks.tryAcquire(app, new EnvName("staging")).orElseThrow();
        Deployment first;
        Deployment second;
        Deployment newest;
        try {
            first = enqueue(app.value(), 1);
            second = enqueue(app.value(), 2);
            newest = enqueue(app.value(), 3);
            Poll.until(WAIT, "the older deployments to be superseded",
                    () -> status(first) == DeploymentStatus.SUPERSEDED && status(second) == DeploymentStatus.SUPERSEDED);
            assertEquals(DeploymentStatus.QUEUED, status(newest), "the newest waits for the lock");
            // Superseded when the next intent was recorded: each names the deployment that replaced it.
            assertTrue(store.find(first.id()).orElseThrow().error().contains(second.id().value()));
            assertTrue(store.find(second.id()).orElseThrow().error().contains(newest.id().value()));
        } finally {
            running.close();
        }
        // The newest runs once the lock is free; the app is not defined here, so it fails, and says why.
        Poll.until(WAIT, "the newest deployment to run", () -> status(newest).terminal());
        Deployment done = store.find(newest.id()).orElseThrow();
        assertEquals(DeploymentStatus.FAILED, done.status());
        assertTrue(done.error().contains("app newestwins is not defined"), done.error());

        // berth_deployments_total counts outcomes only: two superseded, one failed; never a queued or running state.
        String metrics = io.restassured.RestAssured.given().get("/q/metrics").asString();
        List<String> lines = metrics.lines().filter(l -> l.startsWith("berth_deployments_total{")
                && l.contains("app=\"newestwins\"")).toList();
        assertTrue(lines.stream().anyMatch(l -> l.contains("status=\"superseded\"") && l.endsWith(" 2.0")), metrics);
        assertTrue(lines.stream().anyMatch(l -> l.contains("status=\"failed\"") && l.endsWith(" 1.0")), metrics);
        assertTrue(lines.stream().noneMatch(l -> l.contains("status=\"running\"") || l.contains("status=\"queued\"")),
                String.join("\n", lines));
    }
}
