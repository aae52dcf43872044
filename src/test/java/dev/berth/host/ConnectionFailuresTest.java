package dev.berth.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.testing.FreePorts;
import dev.berth.testing.OpenSshServer;
import dev.berth.testing.Poll;
import dev.berth.testing.SshKeys;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Authentication, reachability and configuration errors are typed and say what to do. Real OpenSSH sshd. */
class ConnectionFailuresTest {

    private static OpenSshServer sshd;
    private static HostTarget host;

    @BeforeAll
    static void startServer() {
        sshd = new OpenSshServer().start();
        host = HostTarget.pinned(HostAddress.parse(sshd.address()), sshd.hostKeyFingerprint());
    }

    @AfterAll
    static void stopServer() {
        sshd.stop();
    }

    @Test
    void aKeyTheHostDoesNotKnowFailsAuthentication() {
        Path stranger = SshKeys.generate(sshd.dir().resolve("stranger"), "-t", "ed25519");
        try (SshjTransport transport = new SshjTransport(TestSshConfig.withKey(stranger))) {
            AuthenticationFailed e = assertThrows(AuthenticationFailed.class,
                    () -> transport.exec(host, List.of("true")));
            assertFalse(e.retryable());
            assertTrue(e.getMessage().contains(SshKeys.fingerprint(SshKeys.publicKey(stranger))), e.getMessage());
            assertTrue(e.getMessage().contains("authorized_keys"), e.getMessage());
        }
    }

    @Test
    void nothingListeningIsUnreachableAndRetryable() {
        HostTarget nowhere = HostTarget.of(new HostAddress(sshd.user(), "127.0.0.1", FreePorts.next()));
        try (SshjTransport transport = new SshjTransport(TestSshConfig.withKey(sshd.clientKey()))) {
            HostUnreachable e = assertThrows(HostUnreachable.class, () -> transport.exec(nowhere, List.of("true")));
            assertTrue(e.retryable());
            assertTrue(e.getMessage().contains("127.0.0.1:" + nowhere.address().port()), e.getMessage());
        }
    }

    @Test
    void aServerThatNeverSpeaksSshIsUnreachableAfterTheConnectTimeout() throws Exception {
        // The kernel accepts the TCP connection into the backlog; nobody ever sends an SSH banner.
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                SshjTransport transport = new SshjTransport(
                        TestSshConfig.withKey(sshd.clientKey()).connectTimeout(Duration.ofSeconds(1)))) {
            HostTarget mute = HostTarget.of(new HostAddress(sshd.user(), "127.0.0.1", silent.getLocalPort()));
            HostUnreachable e = assertThrows(HostUnreachable.class, () -> transport.exec(mute, List.of("true")));
            assertTrue(e.retryable());
        }
    }

    @Test
    void aRefusedChannelFailsOnlyThatCommandAndKeepsTheConnection() throws Exception {
        try (OpenSshServer strict = new OpenSshServer().withConfig("MaxSessions 1").start();
                SshjTransport transport = new SshjTransport(TestSshConfig.withKey(strict.clientKey()))) {
            HostTarget target = HostTarget.pinned(HostAddress.parse(strict.address()), strict.hostKeyFingerprint());
            Path release = strict.dir().resolve("release");
            var pool = Executors.newSingleThreadExecutor();
            try {
                Path started = strict.dir().resolve("started");
                String waitForRelease = "touch " + started + "; i=0; while [ ! -e " + release + " ] && [ $i -lt 300 ];"
                        + " do sleep 0.1; i=$((i+1)); done; echo done";
                var running = pool.submit(() -> transport.exec(target, List.of("sh", "-c", waitForRelease)));
                Poll.until(Duration.ofSeconds(20), "the first command to run", () -> Files.exists(started));

                HostUnreachable refused = assertThrows(HostUnreachable.class,
                        () -> transport.exec(target, List.of("true")));
                assertTrue(refused.getMessage().contains("MaxSessions"), refused.getMessage());

                Files.createFile(release);
                assertEquals(List.of("done"), running.get().stdout());
                assertEquals(1, strict.acceptedLogins());
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void pemKeysWithAPassphraseWork() {
        Path pem = SshKeys.generate(sshd.dir().resolve("deploy_rsa_pem"), "-t", "rsa", "-b", "2048", "-m", "PEM",
                "-N", "correct horse");
        sshd.authorize(SshKeys.publicKey(pem));
        try (SshjTransport transport = new SshjTransport(TestSshConfig.withKey(pem).passphrase("correct horse"))) {
            assertEquals(List.of("pem"), transport.exec(host, List.of("echo", "pem")).stdout());
        }
        IllegalStateException wrong = assertThrows(IllegalStateException.class,
                () -> new SshjTransport(TestSshConfig.withKey(pem).passphrase("wrong")));
        assertTrue(wrong.getMessage().startsWith("berth.ssh.private-key"), wrong.getMessage());
        assertFalse(wrong.getMessage().contains("wrong"), "the message must not echo the passphrase");
    }

    @Test
    void badSettingsStopStartupNamingTheProperty() {
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> new SshjTransport(TestSshConfig.withKey(sshd.dir().resolve("no-such-key"))));
        assertTrue(missing.getMessage().startsWith("berth.ssh.private-key"), missing.getMessage());

        IllegalStateException knownHosts = assertThrows(IllegalStateException.class, () -> new SshjTransport(
                TestSshConfig.withKey(sshd.clientKey()).knownHosts(sshd.dir().resolve("no-such-file"))));
        assertTrue(knownHosts.getMessage().startsWith("berth.ssh.known-hosts"), knownHosts.getMessage());

        IllegalStateException idle = assertThrows(IllegalStateException.class,
                () -> new SshjTransport(TestSshConfig.withKey(sshd.clientKey()).idleTimeout(Duration.ZERO)));
        assertTrue(idle.getMessage().startsWith("berth.ssh.idle-timeout"), idle.getMessage());
    }

    @Test
    void withoutADeployKeyEveryOperationFailsNamingTheProperty() {
        try (SshjTransport transport = new SshjTransport(TestSshConfig.withKey(null))) {
            SshNotConfigured e = assertThrows(SshNotConfigured.class, () -> transport.exec(host, List.of("true")));
            assertTrue(e.getMessage().contains("berth.ssh.private-key"), e.getMessage());
        }
    }

    @Test
    void idleConnectionsAreClosed() {
        try (SshjTransport transport = new SshjTransport(
                TestSshConfig.withKey(sshd.clientKey()).idleTimeout(Duration.ofMillis(200)))) {
            transport.exec(host, List.of("true"));
            dev.berth.testing.Poll.until(Duration.ofSeconds(20), "the idle connection to close",
                    () -> transport.openConnections() == 0);
            assertTrue(transport.exec(host, List.of("true")).ok());
        }
    }
}
