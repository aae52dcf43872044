package dev.berth.gitops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.config.AppCatalog;
import dev.berth.domain.AppName;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * berth with {@code berth.state.review.mode=signed}: commits made and SSH-signed by the real git CLI with
 * ssh-keygen keys, pushed to a bare repository over file://; alerts to a real loopback sink. Steps build on each other.
 */
@QuarkusTest
@QuarkusTestResource(RedisResource.class)
@TestProfile(StateReviewSignedTest.SignedMode.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StateReviewSignedTest {

    /** The bare repository, review by SSH signature, alerts to a loopback sink. */
    public static class SignedMode implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("berth.state.review.mode", "signed");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(StateRemote.class), new TestResourceEntry(ReviewSink.class),
                    new TestResourceEntry(SignedReviewKeys.class));
        }
    }

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final AppName WEB = new AppName("web");
    private static GitCli alice;

    @Inject
    AppCatalog catalog;
    @Inject
    StateSync sync;
    @Inject
    dev.berth.deploy.DeployQueue queue;
    @Inject
    jakarta.enterprise.event.Event<dev.berth.deploy.DeploymentChanged> changed;

    @Test
    @Order(1)
    void anUnsignedSeedIsNotApplied() throws Exception {
        String seed = StateRemote.head();
        assertEquals(Optional.empty(), sync.synced());
        assertTrue(alert(seed).contains("is not applied: it is not signed"));
        alice = GitCli.cloneOf(StateRemote.remote(), SignedReviewKeys.dir.resolve("alice-clone"));
    }

    @Test
    @Order(2)
    void aCommitSignedByAnAllowedKeyIsApplied() throws Exception {
        String signed = alice.commit(Map.of("README.md", "reviewed\n"), "sign off the seed", SignedReviewKeys.alice);
        Poll.until(WAIT, "berth applied " + signed, () -> {
            sync.sync("test");
            return sync.synced().orElse("").equals(signed);
        });
        assertTrue(catalog.find(WEB).isPresent());
    }

    @Test
    @Order(3)
    void unsignedAndWronglySignedChangesAreNotApplied() throws Exception {
        String applied = sync.synced().orElseThrow();
        String composeBefore = catalog.find(WEB).orElseThrow().composeSha256();
        String unsigned = alice.commit(Map.of("apps/web/compose.yaml", compose() + "  a:\n    image: memcached\n"),
                "unsigned", null);
        sync.sync("test");
        String alert = alert(unsigned);
        assertTrue(alert.contains("by alice is not applied: it is not signed"), alert);
        assertTrue(alert.contains("commit " + applied.substring(0, 12) + " keeps running"), alert);

        String mallorys = alice.commit(Map.of("apps/web/compose.yaml", compose() + "  b:\n    image: memcached\n"),
                "signed by mallory", SignedReviewKeys.mallory);
        sync.sync("test");
        alert = alert(mallorys);
        assertTrue(alert.contains("its signature by key SHA256:"), alert);
        assertTrue(alert.contains("is not accepted"), alert);
        assertEquals(Optional.of(applied), sync.synced());
        assertEquals(composeBefore, catalog.find(WEB).orElseThrow().composeSha256(), "the catalog is unchanged");
    }

    @Test
    @Order(4)
    void berthsOwnSignedPinIsAppliedWithoutReview() throws Exception {
        String before = StateRemote.head();
        var d = queue.enqueue(new dev.berth.deploy.DeployQueue.Request(WEB, new dev.berth.domain.EnvName("staging"),
                catalog.find(WEB).orElseThrow().image(), "1.0.0", new dev.berth.domain.Digest("sha256:" + "d".repeat(64)),
                List.of("deploy@10.0.0.5:22"), "event:test", "push 1.0.0"));
        changed.fire(new dev.berth.deploy.DeploymentChanged(d.with(dev.berth.deploy.DeploymentStatus.SUCCEEDED,
                java.time.Instant.now(), null)));
        String pin = Poll.value(WAIT, "berth's pin commit", () -> {
            try {
                String head = StateRemote.head();
                return head.equals(before) ? null : head;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertTrue(StateRemote.message(pin).startsWith("deploy(web/staging): "), StateRemote.message(pin));
        // The head was held back (mallory's commit); berth's pin on top does not make it pass.
        sync.sync("test");
        assertTrue(!sync.synced().orElse("").equals(pin), "berth's pin does not launder the unsigned commits below it");
        // Once a reviewer signs the content, berth's signed pins on top are applied without review.
        String signed = alice.commit(Map.of("apps/web/compose.yaml", compose()), "restore compose, signed",
                SignedReviewKeys.alice);
        Poll.until(WAIT, "berth applied " + signed, () -> {
            sync.sync("test");
            return sync.synced().orElse("").equals(signed);
        });
        String before2 = StateRemote.head();
        var d2 = queue.enqueue(new dev.berth.deploy.DeployQueue.Request(WEB, new dev.berth.domain.EnvName("staging"),
                catalog.find(WEB).orElseThrow().image(), "1.0.1", new dev.berth.domain.Digest("sha256:" + "f".repeat(64)),
                List.of("deploy@10.0.0.5:22"), "event:test", "push 1.0.1"));
        changed.fire(new dev.berth.deploy.DeploymentChanged(d2.with(dev.berth.deploy.DeploymentStatus.SUCCEEDED,
                java.time.Instant.now(), null)));
        String pin2 = Poll.value(WAIT, "berth's second pin commit", () -> {
            try {
                String head = StateRemote.head();
                return head.equals(before2) ? null : head;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Poll.until(WAIT, "berth applied its own signed pin " + pin2, () -> {
            sync.sync("test");
            return sync.synced().orElse("").equals(pin2);
        });
    }

    private static String alert(String commit) {
        return Poll.value(WAIT, "config.unreviewed alert for " + commit, () -> ReviewSink.sink.requests().stream()
                .map(HttpSink.Request::text).filter(t -> t.contains(commit.substring(0, 12))).findFirst()
                .orElse(null));
    }

    private static String compose() throws Exception {
        return Files.readString(Path.of("src/test/resources/apps/web/compose.yaml"));
    }
}
