package dev.berth.deploy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.domain.AppName;
import dev.berth.domain.EnvName;
import dev.berth.events.RedisKeys;
import dev.berth.testing.Poll;
import dev.berth.testing.RedisResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, item 8, through the real webhook, events stream, router and registry: after 1.10.0 is queued, a push of
 * 1.9.0 and a replay of it under a new delivery id are ignored as older tags; 1.10.1 is still queued.
 */
@QuarkusTest
@QuarkusTestResource(RedisResource.class)
@QuarkusTestResource(value = DowngradeStack.class, restrictToAnnotatedClass = true)
class DowngradeTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final AppName APP = new AppName(DowngradeStack.APP);
    private static final EnvName STAGING = new EnvName("staging");

    @Inject
    DeployLocks locks;

    @Inject
    DeploymentStore store;

    @Inject
    RedisDataSource redis;

    @Inject
    RedisKeys keys;

    @Inject
    MeterRegistry meters;

    /** A Distribution notification of a tagged manifest push, as the registry sends it; returns the stream id. */
    private String notifyPush(String tag, String digest) {
        String host = DowngradeStack.registry.host();
        String envelope = """
                {"events":[{"id":"%s","timestamp":"2026-11-23T10:14:35Z","action":"push",
                  "target":{"mediaType":"application/vnd.oci.image.manifest.v1+json","size":400,"digest":"%s",
                    "repository":"%s","url":"http://%s/v2/%s/manifests/%s","tag":"%s"},
                  "request":{"id":"r","addr":"127.0.0.1:1","host":"%s","method":"PUT","useragent":"test"}}]}
                """.formatted(UUID.randomUUID(), digest, DowngradeStack.REPO, host, DowngradeStack.REPO, digest, tag,
                host);
        return given().contentType("application/vnd.docker.distribution.events.v1+json")
                .header("Authorization", "Bearer test-distribution-token").body(envelope)
                .post("/webhooks/distribution").then().statusCode(202).body("outcome", equalTo("queued"))
                .extract().path("ids[0]");
    }

    private void awaitRouted(String streamId) {
        Poll.until(WAIT, "event " + streamId + " to be routed",
                () -> redis.key().exists(keys.routed(streamId, APP.value())));
    }

    private List<String> queuedTags() {
        return store.list(Optional.of(APP), Optional.of(STAGING), 50).stream().map(Deployment::tag).toList();
    }

    private double ignored() {
        var counter = meters.find("berth.pushes.ignored").tag("app", APP.value()).tag("reason", "older_tag").counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void olderTagsAndTheirReplaysAreIgnored() {
        String v1100 = DowngradeStack.registry.pushImage(DowngradeStack.REPO, "1.10.0");
        String v190 = DowngradeStack.registry.pushImage(DowngradeStack.REPO, "1.9.0");
        String v1101 = DowngradeStack.registry.pushImage(DowngradeStack.REPO, "1.10.1");
        try (DeployLocks.Lease held = locks.tryAcquire(APP, STAGING).orElseThrow()) {
            awaitRouted(notifyPush("1.10.0", v1100));
            assertEquals(List.of("1.10.0"), queuedTags());

            awaitRouted(notifyPush("1.9.0", v190));
            assertEquals(List.of("1.10.0"), queuedTags(), "1.9.0 is older than the queued 1.10.0");
            // The same push again under a new delivery id (a replay by whoever holds the registry's token).
            awaitRouted(notifyPush("1.9.0", v190));
            assertEquals(List.of("1.10.0"), queuedTags(), "a replayed 1.9.0 is ignored too");
            assertEquals(2.0, ignored());

            awaitRouted(notifyPush("1.10.1", v1101));
            assertEquals(List.of("1.10.1", "1.10.0"), queuedTags(), "a newer version is still deployed");
            assertTrue(ignored() == 2.0);
        }
    }
}
