package dev.berth.gitops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.config.AppCatalog;
import dev.berth.config.AppDefinition;
import dev.berth.deploy.DeployQueue;
import dev.berth.deploy.Deployment;
import dev.berth.deploy.DeploymentChanged;
import dev.berth.deploy.DeploymentStatus;
import dev.berth.deploy.DeploymentStore;
import dev.berth.domain.AppName;
import dev.berth.domain.DeliveryId;
import dev.berth.domain.Digest;
import dev.berth.domain.EnvName;
import dev.berth.events.Event;
import dev.berth.events.EventKind;
import dev.berth.events.EventStore;
import dev.berth.events.RedisKeys;
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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The state repository drives berth: a real bare repository over file://, real Redis, push events appended to the
 * events stream as the GitHub webhook does. Deploy workers are off, so deployments stay queued and are marked
 * succeeded by the test. The steps build on each other, in order.
 */
@QuarkusTest
@QuarkusTestResource(RedisResource.class)
@TestProfile(StateReconcileTest.WithStateRepository.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StateReconcileTest {

    /** The bare repository as berth.state.repo. */
    public static class WithStateRepository implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(StateRemote.class));
        }
    }

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final AppName WEB = new AppName("web");
    private static final EnvName STAGING = new EnvName("staging");
    private static final EnvName PRODUCTION = new EnvName("production");
    private static final Digest D1 = new Digest("sha256:" + "1".repeat(64));
    private static final Digest D2 = new Digest("sha256:" + "2".repeat(64));

    @Inject
    AppCatalog catalog;
    @Inject
    DeployQueue queue;
    @Inject
    DeploymentStore store;
    @Inject
    EventStore events;
    @Inject
    StateSync sync;
    @Inject
    RedisDataSource redis;
    @Inject
    RedisKeys keys;
    @Inject
    jakarta.enterprise.event.Event<DeploymentChanged> changed;

    @Test
    @Order(1)
    void theCatalogIsLoadedFromTheCheckout() throws Exception {
        assertTrue(catalog.find(WEB).isPresent());
        assertEquals(Optional.of(StateRemote.head()), sync.synced());
    }

    @Test
    @Order(2)
    void aPinCommittedByAPersonIsDeployed() throws Exception {
        String commit = StateRemote.commit(Map.of("state/web/staging.yaml", "digest: " + D1 + "\ntag: \"1.0.0\"\n"),
                "pin web/staging to 1.0.0");
        Deployment d = pushedAndQueued(commit, STAGING, Optional.empty());
        assertEquals(D1, d.digest());
        assertEquals("1.0.0", d.tag());
        assertEquals(DeploymentStatus.QUEUED, d.status());
        assertEquals("reconcile: pin changed in Git (" + commit.substring(0, 12) + ")", d.reason());
        assertEquals(catalog.find(WEB).orElseThrow().composeSha256(), d.composeSha256());
    }

    @Test
    @Order(3)
    void berthsOwnPinCommitDeploysNothing() throws Exception {
        Deployment queued = latest(STAGING).orElseThrow();
        String pin = succeed(queued);
        assertTrue(StateRemote.message(pin).startsWith("deploy(web/staging): "), StateRemote.message(pin));
        pushed(pin);
        assertEquals(queued.id(), latest(STAGING).orElseThrow().id(), "no new deployment");
    }

    @Test
    @Order(4)
    void aComposeChangeRedeploysTheSameDigest() throws Exception {
        Deployment before = latest(STAGING).orElseThrow();
        String compose = java.nio.file.Files.readString(java.nio.file.Path.of("src/test/resources/apps/web/compose.yaml"));
        String commit = StateRemote.commit(Map.of("apps/web/compose.yaml", compose + "  cache:\n    image: memcached\n"),
                "add a cache");
        Deployment d = pushedAndQueued(commit, STAGING, Optional.of(before));
        assertEquals(D1, d.digest());
        assertEquals("reconcile: compose.yaml changed", d.reason());
        assertEquals(catalog.find(WEB).orElseThrow().composeSha256(), d.composeSha256());
        assertTrue(latest(PRODUCTION).isEmpty(), "nothing pinned or deployed in production: nothing to do");
    }

    @Test
    @Order(5)
    void anInvalidAppYamlIsRefusedAndThePreviousDefinitionKeepsRunning() throws Exception {
        AppDefinition before = catalog.find(WEB).orElseThrow();
        String commit = StateRemote.commit(Map.of("apps/web/app.yaml", "image: registry.example.com/acme/web\n"
                + "services: [web]\ntrack: { newest: true }\nenvironments:\n  - name: staging\n    hosts:\n"
                + "      - ssh: root@@bad\n"), "break app.yaml");
        pushed(commit);
        Map<String, String> refused = refusal("apps/web/app.yaml:7");
        assertEquals("web", refused.get("app"));
        assertTrue(refused.get("title").contains("previous definition keeps running"), refused.get("title"));
        assertEquals(before, catalog.find(WEB).orElseThrow());
    }

    @Test
    @Order(6)
    void anInvalidPinIsRefusedAndNothingIsDeployed() throws Exception {
        String commit = StateRemote.commit(Map.of("state/web/production.yaml", "digest: sha256:abc\n"), "bad pin");
        pushed(commit);
        Map<String, String> refused = refusal("state/web/production.yaml:1: digest:");
        assertEquals("production", refused.get("env"));
        assertTrue(latest(PRODUCTION).isEmpty());
    }

    @Test
    @Order(7)
    void revertingBerthsPinCommitDeploysTheDigestBefore() throws Exception {
        // An image push deploys D2 (queued as the event router does) and berth pins it over its own pin of D1.
        Deployment d2 = queue.enqueue(new DeployQueue.Request(WEB, STAGING, catalog.find(WEB).orElseThrow().image(),
                "1.1.0", D2, List.of("deploy@10.0.0.5:22"), "event:test", "push of registry.example.com/acme/web:1.1.0"));
        String berthsPin = succeed(d2);
        pushed(berthsPin);
        assertEquals(d2.id(), latest(STAGING).orElseThrow().id(), "berth's own pin deploys nothing");

        // A person reverts berth's commit: the pin of D1 is back, and D1 is deployed again.
        String revert = StateRemote.revert(berthsPin);
        Deployment back = pushedAndQueued(revert, STAGING, Optional.of(d2));
        assertEquals(D1, back.digest());
        assertEquals("reconcile: pin changed in Git (" + revert.substring(0, 12) + ")", back.reason());
    }

    /** Marks a deployment succeeded as the deploy worker does; berth commits its pin. Returns that commit. */
    private String succeed(Deployment d) throws Exception {
        String before = StateRemote.head();
        Deployment done = d.with(DeploymentStatus.SUCCEEDED, Instant.now(), null);
        store.save(done);
        changed.fire(new DeploymentChanged(done));
        return Poll.value(WAIT, "berth's pin commit", () -> {
            try {
                String head = StateRemote.head();
                return head.equals(before) ? null : head;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    /** Appends GitHub's push event for {@code commit} and waits until berth has synced to it. */
    private void pushed(String commit) {
        Event push = new Event("github", new DeliveryId(UUID.randomUUID().toString()), EventKind.GIT_PUSH, null,
                null, null, null, false, "acme/state", "refs/heads/main", commit, null, Instant.now());
        events.append(push).await().atMost(WAIT);
        Poll.until(WAIT, "berth synced to " + commit, () -> sync.synced().orElse("").equals(commit));
    }

    private Deployment pushedAndQueued(String commit, EnvName env, Optional<Deployment> before) {
        pushed(commit);
        return Poll.value(WAIT, "a new deployment of web/" + env, () -> latest(env)
                .filter(d -> before.map(b -> !b.id().equals(d.id())).orElse(true)).orElse(null));
    }

    private Optional<Deployment> latest(EnvName env) {
        return queue.latest(WEB, env).flatMap(store::find);
    }

    private Map<String, String> refusal(String textContains) {
        return Poll.value(WAIT, "config.refused naming " + textContains, () -> {
            List<StreamMessage<String, String, String>> all = redis.stream(String.class)
                    .xrange(keys.notifications(), StreamRange.of("-", "+"));
            return all.stream().map(StreamMessage::payload)
                    .filter(f -> "config.refused".equals(f.get("kind")) && f.getOrDefault("text", "")
                            .contains(textContains)).findFirst().orElse(null);
        });
    }
}
