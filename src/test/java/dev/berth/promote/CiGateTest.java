package dev.berth.promote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.config.AppCatalog;
import dev.berth.config.AppDefinition;
import dev.berth.config.EnvironmentSpec;
import dev.berth.deploy.DeployQueue;
import dev.berth.deploy.Deployment;
import dev.berth.deploy.DeploymentStatus;
import dev.berth.deploy.DeploymentStore;
import dev.berth.domain.AppName;
import dev.berth.domain.DeploymentId;
import dev.berth.domain.Digest;
import dev.berth.domain.EnvName;
import dev.berth.events.RedisKeys;
import dev.berth.testing.GitHubDeliveries;
import dev.berth.testing.Poll;
import dev.berth.testing.RedisResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The CI gate with real parts: images pushed to a real Distribution registry with (or without) a revision label,
 * GitHub's recorded workflow_run delivery signed and posted to {@code /webhooks/github} (its commit id replaced by a
 * fresh one per test, and for failures its conclusion), real Redis. Promotions go through {@link Promotions}; what
 * they queue is read back from the {@link DeploymentStore}.
 */
@QuarkusTest
@QuarkusTestResource(RedisResource.class)
@TestProfile(CiGateTest.Stack.class)
class CiGateTest {

    /** The registry and apps of {@link CiGateStack}. */
    public static class Stack implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(CiGateStack.class));
        }
    }

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** The commit id in the recorded delivery workflow_run/1-completed.json (workflow "test", octo-org/octo-repo). */
    private static final String RECORDED_SHA = "3484a3fb816e0859fd6e1cea078d76385ff50625";
    private static final EnvName PRODUCTION = new EnvName("production");
    private static final AtomicInteger TAGS = new AtomicInteger();

    @Inject
    Promotions promotions;
    @Inject
    AppCatalog catalog;
    @Inject
    DeployQueue queue;
    @Inject
    DeploymentStore store;
    @Inject
    CiRuns runs;
    @Inject
    EnvironmentRecords records;
    @Inject
    RedisDataSource redis;
    @Inject
    RedisKeys keys;

    @Test
    void successBeforeThePromotionPromotesAtOnce() {
        String sha = newSha();
        Digest digest = push("gated", sha);
        workflowRun(sha, "success");
        Promotion p = promote("gated", digest);
        assertEquals(Promotion.Outcome.QUEUED, p.outcome(), p.reason());
        Deployment d = queuedInto("gated", digest);
        assertEquals(DeploymentStatus.QUEUED, d.status());
        assertTrue(d.trigger().startsWith("promotion:"), d.trigger());
    }

    @Test
    void promotionWaitsForCiAndGoesOnWhenTheRunSucceeds() {
        String sha = newSha();
        Digest digest = push("gated", sha);
        Promotion p = promote("gated", digest);
        assertEquals(Promotion.Outcome.WAITING_CI, p.outcome());
        assertEquals("waiting for CI: no successful workflow run for octo-org/octo-repo@" + sha.substring(0, 12)
                + " yet", p.reason());
        Map<String, String> waiting = notification("promotion.waiting", "gated", digest);
        assertTrue(waiting.get("text").startsWith("waiting for CI"), waiting.toString());
        assertTrue(latest("gated").filter(d -> d.digest().equals(digest)).isEmpty(), "nothing queued yet");

        workflowRun(sha, "success");
        queuedInto("gated", digest);
        assertEquals(Optional.empty(), runs.waiting(new AppName("gated"), PRODUCTION));
    }

    @Test
    void failedRunRefusesThePromotion() {
        String sha = newSha();
        Digest digest = push("gated", sha);
        workflowRun(sha, "failure");
        Promotion p = promote("gated", digest);
        assertEquals(Promotion.Outcome.REFUSED, p.outcome());
        assertEquals("CI failed for octo-org/octo-repo@" + sha.substring(0, 12) + ": test (failure)", p.reason());
        assertEquals(p.reason(), notification("promotion.refused", "gated", digest).get("text"));
    }

    @Test
    void failedRunRefusesAWaitingPromotion() {
        String sha = newSha();
        Digest digest = push("gated", sha);
        assertEquals(Promotion.Outcome.WAITING_CI, promote("gated", digest).outcome());
        workflowRun(sha, "failure");
        Map<String, String> refused = Poll.value(WAIT, "promotion.refused", () -> find("promotion.refused", "gated",
                digest));
        assertTrue(refused.get("text").contains("test (failure)"), refused.toString());
        assertEquals(Optional.empty(), runs.waiting(new AppName("gated"), PRODUCTION));
    }

    @Test
    void imageWithoutRevisionLabelIsRefusedWithTheReason() {
        Digest digest = push("gated", null);
        Promotion p = promote("gated", digest);
        assertEquals(Promotion.Outcome.REFUSED, p.outcome());
        assertTrue(p.reason().contains("has no org.opencontainers.image.revision label"), p.reason());
        assertEquals(p.reason(), notification("promotion.refused", "gated", digest).get("text"));
    }

    @Test
    void approvalStillAppliesOnceCiPassed() {
        String sha = newSha();
        Digest digest = push("strict", sha);
        assertEquals(Promotion.Outcome.WAITING_CI, promote("strict", digest).outcome());
        workflowRun(sha, "success");
        EnvironmentRecords.Approval approval = Poll.value(WAIT, "approval request", () -> records
                .approval(new AppName("strict"), PRODUCTION).filter(a -> a.digest().equals(digest)).orElse(null));
        assertEquals(digest, approval.digest());
        assertTrue(latest("strict").filter(d -> d.digest().equals(digest)).isEmpty(), "waits for approval");
    }

    private Promotion promote(String app, Digest digest) {
        AppDefinition a = catalog.find(new AppName(app)).orElseThrow();
        EnvironmentSpec target = a.environment(PRODUCTION).orElseThrow();
        return promotions.promote(a, target, DeploymentId.next(Instant.now()), digest, null, "test promotion");
    }


    /** Pushes an image labelled with {@code sha} (none when null) to acme/{@code app}. */
    static Digest push(String app, String sha) {
        return new Digest(CiGateStack.registry().pushImageWithRevision("acme/" + app, "1.0." + TAGS.incrementAndGet(),
                sha));
    }

    /** Posts the recorded completed workflow run with commit {@code sha} and {@code conclusion}; waits until recorded. */
    void workflowRun(String sha, String conclusion) {
        String json = new String(GitHubDeliveries.fixture("workflow_run/1-completed.json"), StandardCharsets.UTF_8)
                .replace(RECORDED_SHA, sha).replace("\"conclusion\": \"success\"", "\"conclusion\": \"" + conclusion + "\"");
        GitHubDeliveries.send("workflow_run", GitHubDeliveries.newDelivery(), json.getBytes(StandardCharsets.UTF_8))
                .statusCode(202);
        Poll.until(WAIT, "workflow run of " + sha + " recorded",
                () -> conclusion.equals(runs.runs("octo-org/octo-repo", sha).get("test")));
    }

    private Deployment queuedInto(String app, Digest digest) {
        return Poll.value(WAIT, "deployment of " + digest + " queued into " + app + "/production",
                () -> latest(app).filter(d -> d.digest().equals(digest)).orElse(null));
    }

    private Optional<Deployment> latest(String app) {
        return queue.latest(new AppName(app), PRODUCTION).flatMap(store::find);
    }

    private Map<String, String> notification(String kind, String app, Digest digest) {
        return Poll.value(WAIT, kind + " notification", () -> find(kind, app, digest));
    }

    private Map<String, String> find(String kind, String app, Digest digest) {
        List<StreamMessage<String, String, String>> all = redis.stream(String.class)
                .xrevrange(keys.notifications(), StreamRange.of("+", "-"), 500);
        return all.stream().map(StreamMessage::payload).filter(f -> kind.equals(f.get("kind"))
                && app.equals(f.get("app")) && "production".equals(f.get("env"))
                && digest.value().equals(f.get("digest"))).findFirst().orElse(null);
    }

    private static String newSha() {
        byte[] bytes = new byte[20];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
