package dev.berth.host;

import static dev.berth.host.AgentFixture.release;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Forced-command mode ({@code command="berth-agent --forced"} in authorized_keys): the client's command line
 * arrives in SSH_ORIGINAL_COMMAND and is split on blanks, never evaluated.
 */
class HostAgentForcedTest {

    @TempDir
    Path tmp;

    @BothShells
    void berthsCommandsRun(String shell) throws Exception {
        AgentFixture f = new AgentFixture(shell, tmp);
        String env = " --root " + f.root + " --app web --env staging";
        AgentRun.Result version = f.ok(f.agent.forced("berth-agent version", null));
        assertTrue(version.out().startsWith("berth-agent 1 sha256:"), version.out());

        String prepare = "berth-agent prepare" + env + "  --release " + release(1) + "\t--image " + AgentFixture.IMAGE;
        f.ok(f.agent.forced(prepare, AgentFixture.COMPOSE_YAML));
        assertEquals(AgentFixture.COMPOSE_YAML,
                Files.readString(f.envDir.resolve("releases").resolve(release(1)).resolve("compose.yaml")),
                "stdin reaches prepare under a forced command");
        f.ok(f.agent.forced("berth-agent activate" + env + " --release " + release(1), null));
        assertTrue(f.ok(f.agent.forced("berth-agent status" + env, null)).out().contains(release(1)));
    }

    static Stream<Arguments> refused() {
        List<String> lines = List.of(
                "berth-agent version; rm -rf VICTIM", "berth-agent version && touch CANARY",
                "berth-agent version | touch CANARY", "berth-agent version\ntouch CANARY", "sh -c 'touch CANARY'",
                "touch CANARY", "/usr/local/bin/berth-agent version", "berth-agent $(touch CANARY)",
                "berth-agent `touch CANARY`", "berth-agent status --root $(touch CANARY) --app web --env staging",
                "berth-agent check-http --url http://127.0.0.1:1/;touch${IFS}CANARY", "berth-agent --forced",
                "berth-agent", "", "   ", "BERTH-AGENT version", "berth-agent version >CANARY",
                "berth-agent check-http --url 'http://127.0.0.1:1/a'\\''b'", "'berth-agent' 'version");
        List<Arguments> out = new ArrayList<>();
        for (String shell : List.of("/bin/dash", "/bin/bash")) {
            lines.forEach(line -> out.add(Arguments.of(shell, line)));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("refused")
    void anythingElseIsRefused(String shell, String line) throws Exception {
        AgentFixture f = new AgentFixture(shell, tmp);
        Path canary = tmp.resolve("canary");
        Path victim = Files.createDirectories(tmp.resolve("victim"));
        String command = line.replace("CANARY", canary.toString()).replace("VICTIM", victim.toString());
        AgentRun.Result result = f.agent.forced(command, null);
        assertEquals(2, result.exit(), result::toString);
        assertTrue(Files.notExists(canary), "the command line was evaluated");
        assertTrue(Files.isDirectory(victim), "the command line was evaluated");
    }
}
