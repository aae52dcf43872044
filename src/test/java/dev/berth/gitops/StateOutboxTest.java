package dev.berth.gitops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.config.AppCatalog;
import dev.berth.deploy.DeployQueue;
import dev.berth.deploy.Deployment;
import dev.berth.deploy.DeploymentChanged;
import dev.berth.deploy.DeploymentStatus;
import dev.berth.domain.AppName;
import dev.berth.domain.Digest;
import dev.berth.domain.EnvName;
import dev.berth.events.RedisKeys;
import dev.berth.testing.Poll;
import dev.berth.testing.RedisResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;

/**
 * The Git write-back leaves the deploy thread: with the remote unreachable (the bare repository's folder renamed),
 * a succeeded deployment's pin is queued in the Redis outbox and the deploy path returns; the worker retries with
 * backoff, and once the remote is back the pin lands exactly once, even when the same deployment was reported twice.
 */
@QuarkusTest
@QuarkusTestResource(RedisResource.class)
@TestProfile(StateOutboxTest.Outbox.class)
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class StateOutboxTest {

    /** The bare repository as berth.state.repo; a short backoff so the test does not wait 30 s for the retry. */
    public static class Outbox implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("berth.state.outbox-max-backoff", "1s", "berth.state.push-retry", "1s");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(StateRemote.class));
        }
    }

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    AppCatalog catalog;
    @Inject
    DeployQueue queue;
    @Inject
    Event<DeploymentChanged> changed;
    @Inject
    RedisDataSource redis;
    @Inject
    RedisKeys keys;
    @Inject
    MeterRegistry registry;

    @Test
    @org.junit.jupiter.api.Order(1)
    void whileTheRemoteIsAwayThePinWaitsInTheOutboxAndLandsExactlyOnceWhenItIsBack() throws Exception {
        Path remote = StateRemote.remote();
        Path away = remote.resolveSibling("state-away.git");
        String before = StateRemote.head();
        Files.move(remote, away);
        Deployment d = queue.enqueue(new DeployQueue.Request(new AppName("web"), new EnvName("staging"),
                catalog.find(new AppName("web")).orElseThrow().image(), "1.0.0",
                new Digest("sha256:" + "e".repeat(64)), List.of("deploy@10.0.0.5:22"), "event:test", "push 1.0.0"));
        Deployment done = d.with(DeploymentStatus.SUCCEEDED, Instant.now(), null);
        try {
            // The deploy thread reports success twice (a redelivery): neither call fails nor waits for Git.
            changed.fire(new DeploymentChanged(done));
            changed.fire(new DeploymentChanged(done));
            assertEquals(2L, redis.list(String.class).llen(keys.stateOutbox()), "both writes wait in the outbox");
            Poll.until(WAIT, "the outbox worker retried while the remote is away", () -> retried() >= 2);
            assertEquals(2L, redis.list(String.class).llen(keys.stateOutbox()), "nothing is dropped while away");
        } finally {
            Files.move(away, remote);
        }
        Poll.until(WAIT, "the outbox is empty", () -> redis.list(String.class).llen(keys.stateOutbox()) == 0);
        List<String> pins = new ArrayList<>();
        try (Git git = Git.open(remote.toFile())) {
            for (RevCommit c : git.log().call()) {
                if (c.getFullMessage().contains("Deployment: " + d.id())) {
                    pins.add(c.name());
                }
            }
        }
        assertEquals(1, pins.size(), "the pin landed exactly once: " + pins);
        assertTrue(StateRemote.message(StateRemote.head()).startsWith("deploy(web/staging): sha256:eeeeeeeeeeee"));
        assertTrue(!StateRemote.head().equals(before));
    }

    @Test
    @org.junit.jupiter.api.Order(2)
    void whenRedisCannotTakeTheWriteThePinIsCommittedLocallyAndPushedLater() throws Exception {
        Deployment d = queue.enqueue(new DeployQueue.Request(new AppName("web"), new EnvName("staging"),
                catalog.find(new AppName("web")).orElseThrow().image(), "1.0.1",
                new Digest("sha256:" + "9".repeat(64)), List.of("deploy@10.0.0.5:22"), "event:test", "push 1.0.1"));
        Deployment done = d.with(DeploymentStatus.SUCCEEDED, Instant.now(), null);
        RedisResource.server().stop();
        try {
            changed.fire(new DeploymentChanged(done));
        } finally {
            RedisResource.server().start();
        }
        String head = Poll.value(WAIT, "the pin pushed by the scheduled retry", () -> {
            try {
                String h = StateRemote.head();
                return StateRemote.message(h).contains("Deployment: " + d.id()) ? h : null;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertTrue(StateRemote.message(head).startsWith("deploy(web/staging): sha256:999999999999"));
    }

    private double retried() {
        var c = registry.find("berth.state.outbox.writes").tag("result", "retried").counter();
        return c == null ? 0 : c.count();
    }
}
