package dev.berth.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.testing.OpenSshServer;
import dev.berth.testing.Poll;
import dev.berth.testing.SshKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Commands over a real OpenSSH sshd, host key pinned. */
class SshjTransportExecTest {

    private static OpenSshServer sshd;
    private static HostTarget host;
    private SshjTransport transport;

    @BeforeAll
    static void startServer() {
        sshd = new OpenSshServer().start();
        host = HostTarget.pinned(HostAddress.parse(sshd.address()), sshd.hostKeyFingerprint());
    }

    @AfterAll
    static void stopServer() {
        sshd.stop();
    }

    @BeforeEach
    void newTransport() {
        transport = new SshjTransport(TestSshConfig.withKey(sshd.clientKey()));
    }

    @AfterEach
    void closeTransport() {
        transport.close();
    }

    @Test
    void reportsExitStatusAndStreamsLinesInOrder() {
        List<String> seen = new ArrayList<>();
        ExecResult result = transport.exec(host,
                List.of("sh", "-c", "echo one; echo err1 >&2; echo two; echo err2 >&2; exit 3"), null,
                (stream, line) -> seen.add(stream + " " + line), Duration.ofSeconds(30));

        assertEquals(3, result.exitStatus());
        assertFalse(result.ok());
        assertEquals(List.of("one", "two"), result.stdout());
        assertEquals(List.of("err1", "err2"), result.stderr());
        assertEquals(List.of("STDOUT one", "STDOUT two"), seen.stream().filter(l -> l.startsWith("STDOUT")).toList());
        assertEquals(List.of("STDERR err1", "STDERR err2"), seen.stream().filter(l -> l.startsWith("STDERR")).toList());
        assertTrue(transport.exec(host, List.of("true")).ok());
    }

    /**
     * A test host is hermetic: its sessions see the test's PATH and HOME, not the machine's (sshd's default PATH has
     * /usr/local/bin, where the README installs berth-agent; that made AgentInstallerTest find an agent it should not).
     */
    @Test
    void sessionsRunWithTheTestsPathAndHomeOnly() {
        ExecResult result = transport.exec(host, List.of("sh", "-c", "echo \"$PATH\"; echo \"$HOME\""));
        assertEquals(List.of(OpenSshServer.SESSION_PATH, sshd.dir().resolve("home").toString()), result.stdout(),
                result.stderr().toString());
        assertFalse(result.stdout().get(0).contains("/usr/local"), result.stdout().get(0));
    }

    @Test
    void deliversStdinAndClosesIt() {
        byte[] input = "hello\nwörld\n".getBytes(StandardCharsets.UTF_8);
        ExecResult result = transport.exec(host, List.of("cat"), input, null, Duration.ofSeconds(30));
        assertEquals(List.of("hello", "wörld"), result.stdout());
    }

    @Test
    void argumentsArriveAsLiteralSingleArguments() {
        Path marker = sshd.dir().resolve("injected");
        List<String> args = List.of("two words", "it's", "$(touch " + marker + ")", "`touch " + marker + "`",
                "a;touch " + marker, "*", "", "$HOME", "\"quoted\"", "back\\slash", "tab\there", "sha256:abc");
        List<String> argv = new ArrayList<>(List.of("printf", "[%s]\\n"));
        argv.addAll(args);

        ExecResult result = transport.exec(host, argv);

        assertEquals(args.stream().map(a -> "[" + a + "]").toList(), result.stdout());
        assertFalse(Files.exists(marker), "the shell expanded an argument");
    }

    @Test
    void keepsTheLastLinesButStreamsThemAll() {
        transport.close();
        transport = new SshjTransport(TestSshConfig.withKey(sshd.clientKey()).retainedLines(5));
        List<String> seen = new ArrayList<>();
        ExecResult result = transport.exec(host, List.of("seq", "1", "20"), null, (s, line) -> seen.add(line),
                Duration.ofSeconds(30));
        assertEquals(List.of("16", "17", "18", "19", "20"), result.stdout());
        assertEquals(20, seen.size());
    }

    @Test
    void aCommandOverItsTimeoutIsKilledAndReported() {
        CommandTimeout e = assertThrows(CommandTimeout.class,
                () -> transport.exec(host, List.of("sleep", "30"), null, null, Duration.ofSeconds(1)));
        assertTrue(e.getMessage().contains("'sleep'"), e.getMessage());
        assertTrue(e.getMessage().contains("127.0.0.1:" + sshd.port()), e.getMessage());
        assertFalse(e.retryable());
        // the pooled connection is still good for the next command
        assertEquals(List.of("still here"), transport.exec(host, List.of("echo", "still here")).stdout());
    }

    @Test
    void reusesOneConnectionPerHost() {
        int before = sshd.acceptedLogins();
        transport.exec(host, List.of("true"));
        transport.exec(host, List.of("true"));
        transport.exec(host, List.of("echo", "third"));
        assertEquals(before + 1, sshd.acceptedLogins(), sshd.log());
        assertEquals(1, transport.openConnections());
    }

    @Test
    void uploadsAFileWithItsMode() throws Exception {
        Path target = sshd.dir().resolve("agent/bin/berth-agent");
        transport.upload(host, "#!/bin/sh\necho v1\n".getBytes(StandardCharsets.UTF_8), target.toString(), 0750);
        assertEquals("rwxr-x---", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(target)));

        transport.upload(host, "#!/bin/sh\necho v2\n".getBytes(StandardCharsets.UTF_8), target.toString(), 0755);
        assertEquals(List.of("v2"), transport.exec(host, List.of(target.toString())).stdout());
        assertEquals("rwxr-xr-x", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(target)));
        try (var files = Files.list(target.getParent())) {
            assertEquals(List.of(target), files.toList(), "no temporary file is left behind");
        }
    }

    @Test
    void grammarValuesReachAForcedCommandUnquoted() {
        Path agentKey = SshKeys.generate(sshd.dir().resolve("agent_key"), "-t", "ed25519");
        sshd.authorizeWithForcedCommand(SshKeys.publicKey(agentKey), "printf '%s\\n' \"$SSH_ORIGINAL_COMMAND\"");
        try (SshjTransport agent = new SshjTransport(TestSshConfig.withKey(agentKey))) {
            ExecResult result = agent.exec(host, List.of("berth-agent", "activate", "--app", "web",
                    "--digest", "sha256:" + "ab".repeat(32), "--root", "/opt/apps", "it's"));
            assertEquals(List.of("berth-agent activate --app web --digest sha256:" + "ab".repeat(32)
                    + " --root /opt/apps 'it'\\''s'"), result.stdout());
        }
    }

    @Test
    void oneSessionPerHostRunsCommandsOneAtATime() throws Exception {
        transport.close();
        transport = new SshjTransport(TestSshConfig.withKey(sshd.clientKey()).maxSessionsPerHost(1));
        Path dir = Files.createTempDirectory(sshd.dir(), "serial");
        String first = "cd " + dir + " && touch started && i=0; while [ ! -e go ] && [ $i -lt 20 ]; do sleep 0.1;"
                + " i=$((i+1)); done; [ -e go ] && echo overlapped || echo alone";
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var firstRun = pool.submit(() -> transport.exec(host, List.of("sh", "-c", first)));
            Poll.until(Duration.ofSeconds(20), "the first command to start",
                    () -> Files.exists(dir.resolve("started")));
            var secondRun = pool.submit(() -> transport.exec(host, List.of("touch", dir.resolve("go").toString())));
            assertEquals(List.of("alone"), firstRun.get().stdout());
            assertTrue(secondRun.get().ok());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void refusesBadUploadPathsBeforeConnecting() {
        for (String path : List.of("", "/opt/../etc/passwd", "dir/", "a b", "$(id)", "/opt/./x")) {
            assertThrows(IllegalArgumentException.class, () -> transport.upload(host, new byte[0], path, 0644), path);
        }
        assertThrows(IllegalArgumentException.class, () -> transport.upload(host, new byte[0], "/tmp/x", 010000));
    }
}
