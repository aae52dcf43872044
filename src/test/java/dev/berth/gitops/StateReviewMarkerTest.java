package dev.berth.gitops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.config.AppCatalog;
import dev.berth.domain.AppName;
import dev.berth.testing.HttpSink;
import dev.berth.testing.Metrics;
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
 * berth with {@code berth.state.review.mode=marker} against a real bare repository over file://, real Redis and a
 * real loopback HTTP sink: only what {@code LAST_REVIEWED_SHA} covers is applied. The steps build on each other.
 */
@QuarkusTest
@QuarkusTestResource(RedisResource.class)
@TestProfile(StateReviewMarkerTest.MarkerMode.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StateReviewMarkerTest {

    /** The bare repository as berth.state.repo, review by marker file, alerts to a loopback sink. */
    public static class MarkerMode implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("berth.state.review.mode", "marker");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(StateRemote.class), new TestResourceEntry(ReviewSink.class),
                    new TestResourceEntry(SignedReviewKeys.class));
        }
    }

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final AppName WEB = new AppName("web");
    private static String seed;
    /** A reviewer's clone: marker commits are SSH-signed by alice, whose key is an allowed signer. */
    private static GitCli alice;

    @Inject
    AppCatalog catalog;
    @Inject
    StateSync sync;

    @Test
    @Order(1)
    void aRepositoryWithoutAMarkerIsNotApplied() throws Exception {
        seed = StateRemote.head();
        assertEquals(Optional.empty(), sync.synced());
        assertTrue(catalog.find(WEB).isEmpty(), "apps/web is not reviewed yet");
        String alert = alert(seed);
        assertTrue(alert.contains("no LAST_REVIEWED_SHA at " + seed.substring(0, 12)), alert);
        assertEquals(1.0, Metrics.gauge("berth_state_review_waiting"));
        alice = GitCli.cloneOf(StateRemote.remote(), SignedReviewKeys.dir.resolve("alice-clone"));
    }

    @Test
    @Order(2)
    void markingTheSeedReviewedAppliesIt() throws Exception {
        String marked = alice.commit(Map.of("LAST_REVIEWED_SHA", seed + "\n"), "review the seed",
                SignedReviewKeys.alice);
        synced(marked);
        assertTrue(catalog.find(WEB).isPresent());
        assertEquals(0.0, Metrics.gauge("berth_state_review_waiting"));
    }

    @Test
    @Order(3)
    void anUnreviewedChangeIsNotAppliedAndAlerts() throws Exception {
        String applied = sync.synced().orElseThrow();
        String composeBefore = catalog.find(WEB).orElseThrow().composeSha256();
        String change = StateRemote.commit(Map.of("apps/web/compose.yaml", compose() + "  cache:\n    image: memcached\n"),
                "add a cache");
        sync.sync("test");
        String alert = alert(change);
        assertTrue(alert.contains("differs from apps/ at the reviewed commit " + seed.substring(0, 12)), alert);
        assertTrue(alert.contains("commit " + applied.substring(0, 12) + " keeps running"), alert);
        assertEquals(Optional.of(applied), sync.synced());
        assertEquals(composeBefore, catalog.find(WEB).orElseThrow().composeSha256(), "the catalog is unchanged");
        assertEquals(1.0, Metrics.gauge("berth_state_review_waiting"));

        int before = ReviewSink.sink.requests().size();
        sync.sync("test again");
        assertEquals(before, ReviewSink.sink.requests().size(), "told once per commit");
    }

    @Test
    @Order(4)
    void movingTheMarkerAppliesTheChange() throws Exception {
        String change = StateRemote.head();
        String composeBefore = catalog.find(WEB).orElseThrow().composeSha256();
        String moved = alice.commit(Map.of("LAST_REVIEWED_SHA", change + "\n"), "review the cache",
                SignedReviewKeys.alice);
        synced(moved);
        assertNotEquals(composeBefore, catalog.find(WEB).orElseThrow().composeSha256());
        assertEquals(0.0, Metrics.gauge("berth_state_review_waiting"));
    }

    @Test
    @Order(5)
    void aPusherCannotMarkTheirOwnPushReviewed() throws Exception {
        String applied = sync.synced().orElseThrow();
        String app = Files.readString(Path.of("src/test/resources/apps/web/app.yaml"));
        String evil = StateRemote.commit(Map.of("apps/web/app.yaml",
                app.replace("registry.example.com/acme/web", "evil.example.net/x/web")), "new image");
        String self = StateRemote.commit(Map.of("LAST_REVIEWED_SHA", evil + "\n"), "reviewed");
        sync.sync("test");
        String alert = alert(self);
        assertTrue(alert.contains("was set by commit " + self.substring(0, 12) + " by alice, which is not a "
                + "reviewer's: it is not signed"), alert);
        assertEquals(Optional.of(applied), sync.synced());
        assertEquals("registry.example.com/acme/web", catalog.find(WEB).orElseThrow().image().repository(),
                "the pusher's image is not served");
        assertEquals(1.0, Metrics.gauge("berth_state_review_waiting"));
    }

    @Test
    @Order(6)
    void onlyAnAdminMovesTheMarkerThroughTheApi() throws Exception {
        String held = StateRemote.head();
        String evil = StateRemote.message(held).contains("reviewed") ? parentOf(held) : held;
        io.restassured.RestAssured.given().auth().oauth2("deployer-token-0123456789").contentType("application/json")
                .body("{\"sha\":\"" + evil + "\"}").post("/api/v1/state/reviewed").then().statusCode(403);
        assertNotEquals(Optional.of(held), sync.synced(), "a deployer cannot move the marker");
        io.restassured.RestAssured.given().auth().oauth2("admin-token-0123456789").contentType("application/json")
                .body("{\"sha\":\"main\"}").post("/api/v1/state/reviewed").then().statusCode(400);

        io.restassured.RestAssured.given().auth().oauth2("admin-token-0123456789").contentType("application/json")
                .body("{\"sha\":\"" + evil + "\"}").post("/api/v1/state/reviewed").then().statusCode(200)
                .body("applied", org.hamcrest.Matchers.equalTo(held));
        assertEquals(Optional.of(held), sync.synced());
        assertEquals("evil.example.net/x/web", catalog.find(WEB).orElseThrow().image().repository(),
                "what the admin marked reviewed is applied");
        assertEquals(0.0, Metrics.gauge("berth_state_review_waiting"));
    }

    private static String parentOf(String commit) throws Exception {
        try (var git = org.eclipse.jgit.api.Git.open(StateRemote.remote().toFile());
                var walk = new org.eclipse.jgit.revwalk.RevWalk(git.getRepository())) {
            return walk.parseCommit(org.eclipse.jgit.lib.ObjectId.fromString(commit)).getParent(0).name();
        }
    }

    private void synced(String commit) {
        Poll.until(WAIT, "berth applied " + commit, () -> {
            sync.sync("test");
            return sync.synced().orElse("").equals(commit);
        });
    }

    /** The body of the sink's request naming {@code commit}. */
    private static String alert(String commit) {
        return Poll.value(WAIT, "config.unreviewed alert for " + commit, () -> ReviewSink.sink.requests().stream()
                .map(HttpSink.Request::text).filter(t -> t.contains(commit.substring(0, 12))).findFirst()
                .orElse(null));
    }

    private static String compose() throws Exception {
        return Files.readString(Path.of("src/test/resources/apps/web/compose.yaml"));
    }
}
