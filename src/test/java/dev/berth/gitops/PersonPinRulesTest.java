package dev.berth.gitops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.deploy.DeployQueue;
import dev.berth.deploy.Deployment;
import dev.berth.deploy.DeploymentStore;
import dev.berth.domain.AppName;
import dev.berth.domain.Digest;
import dev.berth.domain.EnvName;
import dev.berth.events.RedisKeys;
import dev.berth.promote.EnvironmentRecords;
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

/**
 * A person's pin (including one forged with berth's name as author) passes the rules of a promotion: quarantine,
 * verification in the previous environment, CI gate and approval; only a pin commit carrying a
 * {@code Berth-Override:} trailer and signed by an allowed reviewer skips them. Real bare repository over file://,
 * commits by the real git CLI, real Redis; deploy workers off (deployments stay queued). Steps build on each other.
 */
@QuarkusTest
@QuarkusTestResource(RedisResource.class)
@TestProfile(PersonPinRulesTest.Pins.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PersonPinRulesTest {

    /** The bare repository, no review gate, berth's signing key and the reviewers' allowed signers file. */
    public static class Pins implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(StateRemote.class), new TestResourceEntry(SignedReviewKeys.class));
        }
    }

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final AppName WEB = new AppName("web");
    private static final EnvName STAGING = new EnvName("staging");
    private static final EnvName PRODUCTION = new EnvName("production");
    private static final Digest D1 = new Digest("sha256:" + "a".repeat(64));
    private static final Digest D2 = new Digest("sha256:" + "b".repeat(64));
    private static final Digest D3 = new Digest("sha256:" + "c".repeat(64));
    private static GitCli alice;

    @Inject
    StateSync sync;
    @Inject
    DeployQueue queue;
    @Inject
    DeploymentStore store;
    @Inject
    EnvironmentRecords records;
    @Inject
    RedisDataSource redis;
    @Inject
    RedisKeys keys;

    @Test
    @Order(1)
    void aForgedBerthPinIntoProductionIsRefusedWhenItsDigestWasNotVerifiedInStaging() throws Exception {
        alice = GitCli.cloneOf(StateRemote.remote(), SignedReviewKeys.dir.resolve("pins-clone"));
        String forged = commitAs("berth", "berth@localhost", "state/web/production.yaml", "digest: " + D1 + "\n",
                "deploy(web/production): forged", null);
        applied(forged);
        String why = refused("state/web/production.yaml at " + forged.substring(0, 12));
        assertTrue(why.contains("the verification rule refuses a person's pin: state/web/production.yaml at "
                + forged.substring(0, 12) + " pins " + D1 + ", which has not passed verification in staging"), why);
        assertTrue(latest(PRODUCTION).isEmpty(), "nothing queued for production");
    }

    @Test
    @Order(2)
    void aQuarantinedDigestPinnedByAPersonIsRefused() throws Exception {
        records.quarantine(WEB, D2, "failed in staging");
        String pin = commitAs("alice", "alice@example.com", "state/web/staging.yaml", "digest: " + D2 + "\n",
                "pin staging", null);
        applied(pin);
        String why = refused("state/web/staging.yaml at " + pin.substring(0, 12));
        assertTrue(why.contains("the quarantine rule refuses a person's pin: state/web/staging.yaml at "
                + pin.substring(0, 12) + " pins " + D2 + ", which is quarantined (failed in staging)"), why);
        assertTrue(latest(STAGING).isEmpty(), "nothing queued for staging");
    }

    @Test
    @Order(3)
    void aVerifiedDigestPinnedIntoProductionWaitsForApproval() throws Exception {
        records.markGood(queue.enqueue(new DeployQueue.Request(WEB, STAGING,
                dev.berth.domain.ImageRef.parse("registry.example.com/acme/web"), null, D1,
                List.of("deploy@10.0.0.5:22"), "event:test", "test")), java.time.Instant.now());
        // (D1 was refused for production at step 1: each refused difference is told once, so this pins D3.)
        records.markGood(queue.enqueue(new DeployQueue.Request(WEB, STAGING,
                dev.berth.domain.ImageRef.parse("registry.example.com/acme/web"), null, D3,
                List.of("deploy@10.0.0.5:22"), "event:test", "test")), java.time.Instant.now());
        Optional<Deployment> staging = latest(STAGING);
        String pin = commitAs("alice", "alice@example.com", "state/web/production.yaml",
                "digest: " + D3 + "\ntag: \"1.0.0\"\n", "pin production", null);
        applied(pin);
        var waiting = Poll.value(WAIT, "an approval request", () -> records.approval(WEB, PRODUCTION).orElse(null));
        assertEquals(D3, waiting.digest());
        assertTrue(latest(PRODUCTION).isEmpty(), "production waits for approval");
        assertEquals(staging, latest(STAGING));
    }

    @Test
    @Order(4)
    void onlyAnOverrideSignedByAReviewerSkipsTheRules() throws Exception {
        String mallorys = commitAs("alice", "alice@example.com", "state/web/staging.yaml",
                "digest: " + D2 + "\ntag: \"2\"\n", "hotfix\n\nBerth-Override: hotfix", SignedReviewKeys.mallory);
        applied(mallorys);
        assertTrue(latest(STAGING).filter(x -> x.trigger().equals("git:" + mallorys)).isEmpty(),
                "an override signed by a key that is not a reviewer's is ignored");
        int told = refusals();

        String reviewed = commitAs("alice", "alice@example.com", "state/web/staging.yaml",
                "digest: " + D2 + "\ntag: \"3\"\n", "hotfix\n\nBerth-Override: hotfix approved", SignedReviewKeys.alice);
        applied(reviewed);
        assertEquals(told, refusals(), "the unchanged refusal of D2 was told once (at step 2)");
        Deployment d = Poll.value(WAIT, "the overridden pin queued", () -> latest(STAGING)
                .filter(x -> x.trigger().equals("git:" + reviewed)).orElse(null));
        assertEquals(D2, d.digest());
        assertTrue(d.reason().contains("admin override: hotfix approved (commit " + reviewed.substring(0, 12)
                + " signed by alice)"), d.reason());
    }

    private String commitAs(String name, String email, String path, String content, String message, Path key)
            throws Exception {
        alice.run("pull", "-q", "--ff-only", "origin", "main");
        Path file = alice.dir().resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        alice.run("add", path);
        if (key == null) {
            alice.run("-c", "user.name=" + name, "-c", "user.email=" + email, "commit", "-q", "-m", message);
        } else {
            alice.run("-c", "user.name=" + name, "-c", "user.email=" + email, "-c", "gpg.format=ssh", "-c",
                    "user.signingkey=" + key, "commit", "-q", "-S", "-m", message);
        }
        alice.run("push", "-q", "origin", "HEAD:main");
        return alice.run("rev-parse", "HEAD").strip();
    }

    private void applied(String commit) {
        Poll.until(WAIT, "berth applied " + commit, () -> {
            sync.sync("test");
            return sync.synced().orElse("").equals(commit);
        });
    }

    private Optional<Deployment> latest(EnvName env) {
        return queue.latest(WEB, env).flatMap(store::find);
    }

    private int refusals() {
        return (int) redis.stream(String.class).xrange(keys.notifications(), StreamRange.of("-", "+")).stream()
                .filter(m -> "promotion.refused".equals(m.payload().get("kind"))).count();
    }

    /** The text of the promotion.refused notification containing {@code textContains}. */
    private String refused(String textContains) {
        return Poll.value(WAIT, "promotion.refused naming " + textContains, () -> {
            List<StreamMessage<String, String, String>> all = redis.stream(String.class)
                    .xrange(keys.notifications(), StreamRange.of("-", "+"));
            return all.stream().map(StreamMessage::payload)
                    .filter(f -> "promotion.refused".equals(f.get("kind"))).map(f -> f.getOrDefault("text", ""))
                    .filter(t -> t.contains(textContains)).findFirst().orElse(null);
        });
    }
}
