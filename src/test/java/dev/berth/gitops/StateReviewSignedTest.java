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

    private static String alert(String commit) {
        return Poll.value(WAIT, "config.unreviewed alert for " + commit, () -> ReviewSink.sink.requests().stream()
                .map(HttpSink.Request::text).filter(t -> t.contains(commit.substring(0, 12))).findFirst()
                .orElse(null));
    }

    private static String compose() throws Exception {
        return Files.readString(Path.of("src/test/resources/apps/web/compose.yaml"));
    }
}
