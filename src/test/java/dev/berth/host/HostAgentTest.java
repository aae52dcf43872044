package dev.berth.host;

import static dev.berth.host.AgentFixture.release;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/** The host agent's release layout and bookkeeping, against a temporary root and a recording compose command. */
class HostAgentTest {

    @TempDir
    Path tmp;

    static boolean checkbashismsInstalled() {
        return Files.isExecutable(Path.of("/usr/bin/checkbashisms"));
    }

    /** Optional lint (Debian package devscripts): the agent must stay free of bashisms. */
    @Test
    @EnabledIf("checkbashismsInstalled")
    void hasNoBashisms() throws Exception {
        Process lint = new ProcessBuilder("/usr/bin/checkbashisms", "-f", "-p", AgentRun.script().toString())
                .redirectErrorStream(true).start();
        String report = new String(lint.getInputStream().readAllBytes());
        assertEquals(0, lint.waitFor(), report);
    }

    @BothShells
    void versionNamesTheHashOfTheAgentFile(String shell) throws Exception {
        AgentFixture f = new AgentFixture(shell, tmp);
        String hex = HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(AgentRun.script())));
        assertEquals("berth-agent 1 sha256:" + hex + "\n", f.ok(f.agent.run("version")).out());
    }

    @BothShells
    void prepareWritesTheReleaseAndIsIdempotent(String shell) throws Exception {
        AgentFixture f = new AgentFixture(shell, tmp);
        assertEquals("{\"prepared\":\"" + release(1) + "\",\"created\":true}\n", f.ok(f.prepare(release(1))).out());
        Path dir = f.envDir.resolve("releases").resolve(release(1));
        assertEquals(AgentFixture.COMPOSE_YAML, Files.readString(dir.resolve("compose.yaml")));
        String pin = Files.readString(dir.resolve("compose.pin.yaml"));
        assertTrue(pin.endsWith("services:\n  web:\n    image: localhost:5000/acme/web@" + AgentFixture.DIGEST + "\n"), pin);
        assertTrue(Files.isDirectory(f.envDir.resolve("shared")));

        assertEquals("{\"prepared\":\"" + release(1) + "\",\"created\":false}\n", f.ok(f.prepare(release(1))).out());
        AgentRun.Result different = f.agent.withStdin("services: {}\n", "prepare", "--root", f.root.toString(), "--app",
                "web", "--env", "staging", "--release", release(1), "--image", AgentFixture.IMAGE);
        assertEquals(3, different.exit(), different::toString);
        assertTrue(different.err().contains("different content"), different.err());
        assertEquals(AgentFixture.COMPOSE_YAML, Files.readString(dir.resolve("compose.yaml")));
        try (Stream<Path> left = Files.list(f.envDir.resolve("releases"))) {
            assertEquals(List.of(dir), left.toList(), "no staging folders left behind");
        }
    }

    @BothShells
    void activateSwitchesCurrentAndRunsComposeInTheRelease(String shell) throws Exception {
        AgentFixture f = new AgentFixture(shell, tmp);
        f.prepared(1, 2);
        assertEquals("{\"current\":\"" + release(1) + "\",\"previous\":null}\n",
                f.ok(f.run("activate", "--release", release(1))).out());
        assertEquals("releases/" + release(1), f.current());
        assertNull(f.file("previous"));

        Files.writeString(f.envDir.resolve("shared/.env"), "PORT=8080\n");
        f.ok(f.run("activate", "--release", release(2)));
        assertEquals("releases/" + release(2), f.current());
        assertEquals(release(1), f.file("previous"));
        Path release2 = f.envDir.resolve("releases").resolve(release(2));
        assertEquals(Path.of("../../shared/.env"), Files.readSymbolicLink(release2.resolve(".env")));
        assertEquals(List.of(
                release(1) + "|-p web-staging -f compose.yaml -f compose.pin.yaml up -d --remove-orphans",
                release(2) + "|-p web-staging --env-file " + f.envDir.resolve("shared/.env")
                        + " -f compose.yaml -f compose.pin.yaml up -d --remove-orphans"), f.compose.calls());
        try (Stream<Path> files = Files.list(f.envDir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().contains(".tmp.")), "temporary links left");
        }
    }

    @BothShells
    void failedActivationSwitchesBackAndBringsThePreviousReleaseUp(String shell) {
        AgentFixture f = new AgentFixture(shell, tmp);
        f.prepared(1, 2, 3);
        f.ok(f.run("activate", "--release", release(1)));
        f.ok(f.run("activate", "--release", release(2)));
        f.compose.failIn(release(3));

        AgentRun.Result failed = f.run("activate", "--release", release(3));
        assertEquals(4, failed.exit(), failed::toString);
        assertTrue(failed.err().contains("current is back on " + release(2)), failed.err());
        assertEquals("releases/" + release(2), f.current());
        assertEquals(release(1), f.file("previous"), "previous is restored");
        List<String> calls = f.compose.calls();
        assertEquals(List.of(release(3), release(2)), calls.subList(2, 4).stream().map(c -> c.split("\\|")[0]).toList());
    }

    @BothShells
    void failedFirstActivationLeavesNoCurrent(String shell) {
        AgentFixture f = new AgentFixture(shell, tmp);
        f.prepared(1);
        f.compose.failIn(release(1));
        assertEquals(4, f.run("activate", "--release", release(1)).exit());
        assertFalse(Files.exists(f.envDir.resolve("current"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }

    @BothShells
    void missingComposeChangesNothing(String shell) {
        AgentFixture f = new AgentFixture(shell, tmp);
        f.prepared(1);
        f.agent.env("BERTH_COMPOSE", "/nonexistent/compose");
        AgentRun.Result result = f.run("activate", "--release", release(1));
        assertEquals(4, result.exit(), result::toString);
        assertTrue(result.err().contains("not found"), result.err());
        assertFalse(Files.exists(f.envDir.resolve("current"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }

    @BothShells
    void rollbackGoesToKnownGoodThenToPrevious(String shell) {
        AgentFixture f = new AgentFixture(shell, tmp);
        f.prepared(1, 2, 3);
        AgentRun.Result nothing = f.run("rollback");
        assertEquals(3, nothing.exit(), nothing::toString);
        f.ok(f.run("activate", "--release", release(1)));
        f.ok(f.run("mark-good", "--release", release(1)));
        assertEquals(release(1), f.file("known-good"));
        f.ok(f.run("activate", "--release", release(2)));
        f.ok(f.run("activate", "--release", release(3)));

        f.ok(f.run("rollback"));
        assertEquals("releases/" + release(1), f.current(), "known-good first");
        assertEquals(release(3), f.file("previous"));
        f.ok(f.run("rollback"));
        assertEquals("releases/" + release(3), f.current(), "current is known-good: previous");
        f.ok(f.run("rollback", "--release", release(2)));
        assertEquals("releases/" + release(2), f.current(), "named release");
        assertEquals(3, f.run("mark-good", "--release", release(9)).exit(), "unknown release");
    }

    @BothShells
    void pruneKeepsCurrentPreviousAndKnownGood(String shell) {
        AgentFixture f = new AgentFixture(shell, tmp);
        f.prepared(1, 2, 3, 4, 5, 6);
        f.ok(f.run("mark-good", "--release", release(1)));
        f.ok(f.run("activate", "--release", release(3)));
        f.ok(f.run("activate", "--release", release(5)));

        String out = f.ok(f.run("prune", "--keep", "1")).out();
        assertEquals("{\"deleted\":[\"%s\",\"%s\"],\"kept\":[\"%s\",\"%s\",\"%s\",\"%s\"]}\n".formatted(
                release(2), release(4), release(1), release(3), release(5), release(6)), out);
        for (int n : new int[] {1, 3, 5, 6}) {
            assertTrue(Files.isDirectory(f.envDir.resolve("releases").resolve(release(n))), release(n));
        }
        assertFalse(Files.exists(f.envDir.resolve("releases").resolve(release(2))));
    }
}
