package dev.berth.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * The fault scenarios (2, 3, 8 of issue 11) with berth as child processes, on otherwise idle cores, and a check of
 * the harness itself that passes on the code before the reconciler too.
 */
@EnabledIf("dev.berth.testing.Podman#available")
class FaultsIT extends FaultScenarios {

    /**
     * The harness end to end: a push reaches berth (a process) through the registry and the relay, the host runs
     * the release, berth's records and the host agree; berth SIGKILLed after that and restarted still reports
     * exactly what the host runs, and holds no lock.
     */
    @Test
    void aProcessDeploysAPushAndAfterSigkillAndRestartStillAgreesWithTheHost() {
        try (FaultWorld w = world()) {
            BerthProcess berth = w.berth("a").start();
            w.relay.target(berth::url);
            w.push("1.0.0", "ok v1");
            JsonNode done = converged(w, berth, "1.0.0");
            assertEquals("succeeded", done.path("status").asText(), done.toString());
            assertTrue(w.activations(done.path("releaseId").asText()) >= 1, "the host activated it: "
                    + w.agentCalls());
            long pid = berth.pid();
            berth.kill();
            assertTrue(ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true), "pid " + pid + " is gone");
            berth.start();
            assertEquals(done.path("releaseId").asText(), converged(w, berth, "1.0.0").path("releaseId").asText());
        }
    }

    @Override
    boolean busyCores() {
        return false;
    }
}
