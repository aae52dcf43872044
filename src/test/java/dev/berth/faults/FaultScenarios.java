package dev.berth.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.testing.Poll;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The fault scenarios of issue 11, against berth as real processes (see {@link FaultWorld}); each asserts the final
 * state of the host (the agent's {@code current} link, its release folders, the counted {@code activate} calls) and
 * of berth's records (the deployments and apps API), and that no lock outlives its TTL. Subclasses run them on idle
 * cores ({@link FaultsIT}) and with both cores kept busy by competing processes ({@link FaultsBusyCoresIT}).
 */
abstract class FaultScenarios {

    /** Lock TTL and claim-idle of the berths under test: short, so that a crash is taken over in seconds. */
    static final Duration LOCK_TTL = Duration.ofSeconds(4);
    static final Duration CLAIM_IDLE = Duration.ofSeconds(4);
    /** Check rounds (one a second) a deployment must pass: verification lasts longer than claim-idle. */
    static final int PASSES = 6;
    /** One reconcile/guard tick. */
    static final Duration TICK = Duration.ofSeconds(1);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Whether both cores are kept busy by competing processes while the scenario runs (scenario 7). */
    abstract boolean busyCores();

    /** Deadlines stretch when the cores are busy; they are deadlines of polls, never sleeps. */
    Duration deadline(Duration idle) {
        return busyCores() ? idle.multipliedBy(3) : idle;
    }

    FaultWorld world() {
        FaultWorld w = new FaultWorld(PASSES, Map.of(
                "berth.deploy.lock-ttl", LOCK_TTL.toSeconds() + "s",
                "berth.deploy.claim-idle", CLAIM_IDLE.toSeconds() + "s"));
        if (busyCores()) {
            w.burnCores(2);
        }
        return w;
    }

    /** Scenario 2: SIGKILL during a deploy and again during verification; after each restart berth converges. */
    @Test
    void killedDuringDeployAndDuringVerificationThenRestartedConverges() {
        try (FaultWorld w = world()) {
            BerthProcess berth = w.berth("a").start();
            w.relay.target(berth::url);

            w.push("1.0.0", "ok v1");
            Poll.until(deadline(Duration.ofMinutes(3)), "the host to be asked to prepare 1.0.0",
                    () -> w.agentCalls().stream().anyMatch(l -> l.contains(" prepare ")));
            berth.kill();
            locksExpireWithinTheirTtl(w);
            berth.start();
            converged(w, berth, "1.0.0");

            w.push("1.0.1", "ok v2");
            JsonNode verifying = Poll.value(deadline(Duration.ofMinutes(3)), "1.0.1 activated and verifying, or ended",
                    () -> w.deploymentOf(berth, "1.0.1").filter(d -> terminal(d)
                            || w.activations(d.path("releaseId").asText()) >= 1 && verifyingPhase(w, berth))
                            .orElse(null));
            assertEquals("running", verifying.path("status").asText(), "the deployment of the push of 1.0.1 was "
                    + "to be verifying: " + verifying + "\nall: " + w.deployments(berth) + "\nberth log:\n"
                    + berth.tail());
            berth.kill();
            locksExpireWithinTheirTtl(w);
            berth.start();
            JsonNode done = converged(w, berth, "1.0.1");
            assertEquals(verifying.path("id").asText(), done.path("id").asText(), "the same deployment finished");
        }
    }

    /**
     * Scenario 3: two replicas on one Redis. One push gives one deployment and one {@code activate}; the replica
     * running it is SIGKILLed mid-verification, and the other finishes it within the lock TTL plus one tick (plus
     * the check rounds still owed), without activating again.
     */
    @Test
    void survivingReplicaFinishesTheDeploymentWithoutDeployingAgain() {
        try (FaultWorld w = world()) {
            BerthProcess a = w.berth("a").start();
            BerthProcess b = w.berth("b").start();
            w.relay.target(() -> a.alive() ? a.url() : b.url());

            w.push("1.0.0", "ok v1");
            JsonNode verifying = Poll.value(deadline(Duration.ofMinutes(3)), "1.0.0 verifying, or ended",
                    () -> w.deploymentOf(a, "1.0.0").filter(d -> terminal(d) || verifyingPhase(w, a)).orElse(null));
            assertEquals("running", verifying.path("status").asText(), "1.0.0 was to be verifying: " + verifying);
            String release = verifying.path("releaseId").asText();
            // Each verification round is a turn of whichever replica takes the environment's lease, so both may have
            // run rounds (and keep a pooled connection to sshd): the one connected is killed, a when both are.
            BerthProcess runner = Poll.value(deadline(Duration.ofSeconds(30)), "a replica verifying on the host",
                    () -> SshPeers.connected(a.pid(), w.host.port()) ? a
                            : SshPeers.connected(b.pid(), w.host.port()) ? b : null);
            BerthProcess survivor = runner == a ? b : a;
            assertEquals(1, w.activations(release), "one activate so far: " + w.agentCalls());
            assertEquals(1, w.deployments(survivor).size(), "one push, one deployment record");

            runner.kill();
            Duration owed = TICK.multipliedBy(PASSES);
            JsonNode done = Poll.value(deadline(LOCK_TTL.plus(TICK).plus(owed).plus(Duration.ofSeconds(20))),
                    "the surviving replica " + survivor.name() + " to finish the deployment", () ->
                            w.deploymentOf(survivor, "1.0.0").filter(FaultScenarios::terminal).orElse(null));
            assertEquals("succeeded", done.path("status").asText(), done.toString());
            assertEquals(1, w.activations(release), "exactly one activate on the host: " + w.agentCalls());
            assertEquals(1, w.deployments(survivor).size(), "still one deployment record");
            assertEquals(Optional.of(release), w.currentRelease());
            converged(w, survivor, "1.0.0");
        }
    }

    /**
     * Scenario 8: Redis (AOF on) stopped by its pid in the middle of a deploy, a second image pushed while it is
     * away (the registry's notifications get 503 and are retried), Redis started again on the same port and data:
     * berth converges on the newest release and every delivery it acknowledged (202) ends in a deployment record.
     */
    @Test
    void redisRestartedMidDeployLosesNoAcknowledgedEvent() {
        try (FaultWorld w = world()) {
            BerthProcess berth = w.berth("a").start();
            w.relay.target(berth::url);

            w.push("1.0.0", "ok v1");
            Poll.until(deadline(Duration.ofMinutes(3)), "the host to be asked to prepare 1.0.0",
                    () -> w.agentCalls().stream().anyMatch(l -> l.contains(" prepare ")));
            w.redis.stop();
            w.push("1.0.1", "ok v2");
            w.redis.start();

            Poll.until(deadline(Duration.ofMinutes(2)), "berth to acknowledge the push of 1.0.1",
                    () -> acknowledgedTags(w).contains("1.0.1"));
            JsonNode done = converged(w, berth, "1.0.1");
            assertEquals("succeeded", done.path("status").asText(), done.toString());
            for (String tag : acknowledgedTags(w)) {
                assertTrue(w.deploymentOf(berth, tag).isPresent(), "the acknowledged push of " + tag
                        + " has a deployment record: " + w.deployments(berth));
            }
            assertTrue(berth.alive(), "berth survived the Redis restart");
        }
    }

    /** Whether berth's status record of the environment says {@code verifying} (every host switched, rounds run). */
    static boolean verifyingPhase(FaultWorld w, BerthProcess berth) {
        return "verifying".equals(w.appView(berth).path("environments").get(0).path("status").path("phase").asText());
    }

    /** Tags of pushes whose notification berth answered 202. */
    private static Set<String> acknowledgedTags(FaultWorld w) {
        Set<String> tags = new HashSet<>();
        for (WebhookRelay.Delivery d : w.relay.deliveries()) {
            if (d.status() != 202) {
                continue;
            }
            try {
                for (JsonNode e : JSON.readTree(d.body()).path("events")) {
                    String tag = e.path("target").path("tag").asText("");
                    if ("push".equals(e.path("action").asText()) && !tag.isEmpty()) {
                        tags.add(tag);
                    }
                }
            } catch (java.io.IOException e) {
                throw new AssertionError("the registry sent a body that is not JSON: " + d.body(), e);
            }
        }
        return tags;
    }

    /**
     * Waits until the environment is quiet and consistent at one moment: the deployment of {@code tag} and every
     * other one terminal, the host on the newest succeeded release, and the apps API reporting that release as
     * current. Then checks that every release folder on the host belongs to a deployment record, that a failed
     * release does not run, and that the deploy lock is released.
     */
    JsonNode converged(FaultWorld w, BerthProcess berth, String tag) {
        String[] last = {""};
        JsonNode done;
        try {
            done = Poll.value(deadline(Duration.ofMinutes(4)), "the environment to converge after " + tag, () -> {
                List<JsonNode> records = w.deployments(berth);
                Optional<JsonNode> ofTag = w.deploymentOf(berth, tag);
                Optional<String> newestGood = newestSucceeded(records);
                String apiCurrent = w.appView(berth).path("environments").get(0).path("current")
                        .path("releaseId").asText("");
                last[0] = "records " + records + ", host " + w.currentRelease() + ", API current " + apiCurrent;
                boolean quiet = ofTag.isPresent() && records.stream().allMatch(FaultScenarios::terminal);
                boolean consistent = newestGood.equals(w.currentRelease())
                        && newestGood.orElse("").equals(apiCurrent);
                return quiet && consistent ? ofTag.get() : null;
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; last seen: " + last[0] + "\nagent calls: " + w.agentCalls()
                    .stream().filter(l -> !l.contains(" check-")).toList() + "\nberth log:\n" + berth.tail(), e);
        }
        List<JsonNode> records = w.deployments(berth);
        Set<String> recorded = records.stream().map(d -> d.path("releaseId").asText()).collect(Collectors.toSet());
        for (String onHost : w.releasesOnHost()) {
            assertTrue(recorded.contains(onHost), "release " + onHost + " on the host has no deployment record: "
                    + records);
        }
        if (done.path("status").asText().equals("failed")) {
            assertNotEquals(Optional.of(done.path("releaseId").asText()), w.currentRelease(),
                    "a failed release does not run");
        }
        locksExpireWithinTheirTtl(w);
        return done;
    }

    private static Optional<String> newestSucceeded(List<JsonNode> records) {
        return records.stream().filter(d -> d.path("status").asText().equals("succeeded"))
                .map(d -> d.path("releaseId").asText()).findFirst();
    }

    /** Every lock key has a TTL no longer than the lock TTL, and all are gone within it once nobody renews them. */
    void locksExpireWithinTheirTtl(FaultWorld w) {
        for (String key : Resp.scan(w.redis.port(), "berth:lock:*")) {
            long pttl = (Long) Resp.call(w.redis.port(), "PTTL", key);
            assertNotEquals(-1L, pttl, key + " has no expiry");
            assertTrue(pttl <= LOCK_TTL.toMillis(), key + " outlives the lock TTL: PTTL " + pttl);
        }
        Poll.until(deadline(LOCK_TTL.plus(TICK).plus(Duration.ofSeconds(5))), "the deploy lock to be released",
                () -> Resp.scan(w.redis.port(), "berth:lock:deploy:*").isEmpty());
    }

    static boolean terminal(JsonNode d) {
        return List.of("succeeded", "failed", "superseded").contains(d.path("status").asText());
    }
}
