package dev.berth.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.domain.AppName;
import dev.berth.domain.DeploymentId;
import dev.berth.domain.Digest;
import dev.berth.domain.EnvName;
import dev.berth.domain.ImageRef;
import dev.berth.domain.ReleaseId;
import dev.berth.events.RedisKeys;
import dev.berth.promote.EnvironmentRecords;
import dev.berth.testing.RedisResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Retention against a real redis-server: old records and their log streams go, all three indexes stay consistent,
 * and what runs, the known-good release and unfinished deployments stay whatever their age or rank.
 */
@QuarkusTest
@TestProfile(DeploymentRetentionTest.Profile.class)
class DeploymentRetentionTest {

    /** Keep 3 per environment and 30 days; the schedule is off, the test runs the retention itself. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("berth.deployments.retention.keep-per-environment", "3",
                    "berth.deployments.retention.max-age", "30d", "berth.deployments.retention.enabled", "false",
                    "berth.deploy.enabled", "false");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(RedisResource.class));
        }
    }

    private static final Digest DIGEST = new Digest("sha256:" + "ef".repeat(32));

    @Inject
    DeploymentStore store;
    @Inject
    DeploymentRetention retention;
    @Inject
    EnvironmentRecords records;
    @Inject
    RedisDataSource redis;
    @Inject
    RedisKeys keys;

    private Deployment record(String app, String env, DeploymentStatus status, Instant at) {
        Deployment d = new Deployment(DeploymentId.next(at), new AppName(app), new EnvName(env),
                ImageRef.parse("registry.example.com/acme/" + app), "1.0.0", DIGEST, ReleaseId.of(at, DIGEST),
                List.of("deploy@127.0.0.1:22"), status, at, at, status.terminal() ? at : null, "test", "test", null);
        store.save(d);
        store.log(d.id(), "stdout", "line of " + d.id());
        if (status.terminal()) {
            store.endLog(d.id(), status.wire());
        }
        return d;
    }

    @Test
    void removesBeyondTheCountButKeepsWhatRunsAndTheKnownGood() {
        Instant start = Instant.now().minus(Duration.ofDays(2));
        List<Deployment> d = new ArrayList<>();
        DeploymentStatus[] statuses = {DeploymentStatus.SUCCEEDED, DeploymentStatus.SUCCEEDED,
                DeploymentStatus.FAILED, DeploymentStatus.SUCCEEDED, DeploymentStatus.SUCCEEDED,
                DeploymentStatus.FAILED, DeploymentStatus.FAILED, DeploymentStatus.FAILED};
        for (int i = 0; i < statuses.length; i++) {
            d.add(record("retcount", "staging", statuses[i], start.plus(Duration.ofMinutes(i))));
        }
        records.markGood(d.get(1), start); // known-good: the second
        // what runs: d[4], the newest succeeded; d[5..7] are the newest three (all failed)

        retention.run();

        List<Deployment> left = store.list(Optional.of(new AppName("retcount")), Optional.of(new EnvName("staging")),
                50);
        assertEquals(List.of(d.get(7).id(), d.get(6).id(), d.get(5).id(), d.get(4).id(), d.get(1).id()),
                left.stream().map(Deployment::id).toList());
        for (int gone : new int[] {0, 2, 3}) {
            assertGone(d.get(gone));
        }
        for (int kept : new int[] {1, 4, 5, 6, 7}) {
            assertFalse(store.readLog(d.get(kept).id(), "0", 10, Duration.ZERO).isEmpty(), "log of " + kept);
        }
        assertEquals(5, redis.sortedSet(String.class).zcard(keys.deploymentIndex("retcount")));
        assertEquals(0, retention.run(), "a second pass finds nothing more");
    }

    @Test
    void removesRecordsPastTheAgeUnlessTheyRunOrHaveNotEnded() {
        Instant old = Instant.now().minus(Duration.ofDays(60));
        Deployment current = record("retage", "production", DeploymentStatus.SUCCEEDED, old);
        Deployment failed = record("retage", "production", DeploymentStatus.FAILED, old.plusSeconds(60));
        Deployment stuck = record("retage", "production", DeploymentStatus.RUNNING, old.plusSeconds(120));

        retention.run();

        assertTrue(store.find(current.id()).isPresent(), "what runs stays, however old");
        assertTrue(store.find(stuck.id()).isPresent(), "a deployment that has not ended stays");
        assertGone(failed);
    }

    private void assertGone(Deployment d) {
        String id = d.id().value();
        assertTrue(store.find(d.id()).isEmpty(), "record " + id);
        assertTrue(store.readLog(d.id(), "0", 10, Duration.ZERO).isEmpty(), "log of " + id);
        assertFalse(redis.key().exists(keys.deploymentLog(id)), "log stream of " + id);
        assertTrue(redis.sortedSet(String.class).zscore(keys.deploymentIndex(), id).isEmpty(), "overall index");
        assertTrue(redis.sortedSet(String.class).zscore(keys.deploymentIndex(d.app().value()), id).isEmpty());
        assertTrue(redis.sortedSet(String.class).zscore(keys.deploymentIndex(d.app().value(), d.env().value()), id)
                .isEmpty());
    }
}
