package dev.berth.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.testing.OpenSshServer;
import dev.berth.testing.SshKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Host keys are verified against a pin or known_hosts; refused keys run nothing. Real OpenSSH sshd. */
class HostKeyVerificationTest {

    private OpenSshServer sshd;
    private HostAddress address;
    private Path marker;
    private List<String> touchMarker;
    private final List<SshjTransport> transports = new ArrayList<>();

    @BeforeEach
    void startServer() {
        sshd = new OpenSshServer().start();
        address = HostAddress.parse(sshd.address());
        marker = sshd.dir().resolve("marker");
        touchMarker = List.of("touch", marker.toString());
    }

    @AfterEach
    void stop() {
        transports.forEach(SshjTransport::close);
        sshd.stop();
    }

    @Test
    void thePinnedFingerprintIsAccepted() {
        SshjTransport transport = transport(TestSshConfig.withKey(sshd.clientKey()));
        assertTrue(transport.exec(HostTarget.pinned(address, sshd.hostKeyFingerprint()), touchMarker).ok());
        assertTrue(Files.exists(marker));
    }

    @Test
    void knownHostsEntriesFromSshKeyscanAreAccepted() throws IOException {
        String scanned = SshKeys.run(List.of("ssh-keyscan", "-t", "ed25519", "-p", "" + sshd.port(), "127.0.0.1"));
        assertTrue(scanned.startsWith("[127.0.0.1]:" + sshd.port() + " ssh-ed25519 "), scanned);
        assertTrue(exec(knownHosts("# scanned\n" + scanned)).ok());

        String hashed = SshKeys.run(List.of("ssh-keyscan", "-H", "-t", "ed25519", "-p", "" + sshd.port(),
                "127.0.0.1"));
        assertTrue(hashed.startsWith("|1|"), hashed);
        assertTrue(exec(knownHosts(hashed)).ok());

        assertTrue(exec(knownHosts("otherhost ssh-ed25519 " + sshd.hostPublicKey().split(" ")[1] + "\n"
                + sshd.knownHostsLine() + "\n")).ok());
    }

    @Test
    void anUnknownHostKeyIsRefusedAndNothingRuns() throws IOException {
        Path otherKey = SshKeys.generate(sshd.dir().resolve("other_host_key"), "-t", "ed25519");
        Path knownHosts = knownHosts("[127.0.0.2]:" + sshd.port() + " " + SshKeys.publicKey(otherKey) + "\n");

        HostKeyUnknown e = assertThrows(HostKeyUnknown.class, () -> exec(knownHosts));
        assertNamesHostAndKey(e);
        assertFalse(e.retryable());

        SshjTransport noKnownHosts = transport(TestSshConfig.withKey(sshd.clientKey()));
        HostKeyUnknown none = assertThrows(HostKeyUnknown.class, () -> noKnownHosts.exec(HostTarget.of(address),
                touchMarker));
        assertTrue(none.getMessage().contains("berth.ssh.known-hosts is not set"), none.getMessage());
        assertFalse(Files.exists(marker), "a command ran on a host with an unknown key");
        assertFalse(sshd.log().contains("Accepted publickey"), "berth authenticated to an untrusted host");
    }

    @Test
    void aWrongPinIsRefusedAndNothingRuns() {
        Path otherKey = SshKeys.generate(sshd.dir().resolve("other_host_key"), "-t", "ed25519");
        String wrongPin = SshKeys.fingerprint(SshKeys.publicKey(otherKey));
        SshjTransport transport = transport(TestSshConfig.withKey(sshd.clientKey()));

        HostKeyMismatch e = assertThrows(HostKeyMismatch.class,
                () -> transport.exec(HostTarget.pinned(address, wrongPin), touchMarker));
        assertNamesHostAndKey(e);
        assertTrue(e.getMessage().contains(wrongPin), e.getMessage());
        assertFalse(Files.exists(marker), "a command ran on a host with the wrong key");
    }

    @Test
    void aHostKeyChangedBetweenConnectionsIsRefused() throws IOException {
        Path knownHosts = knownHosts(sshd.knownHostsLine() + "\n");
        SshjTransport byKnownHosts = transport(TestSshConfig.withKey(sshd.clientKey()).knownHosts(knownHosts));
        SshjTransport byPin = transport(TestSshConfig.withKey(sshd.clientKey()));
        HostTarget pinned = HostTarget.pinned(address, sshd.hostKeyFingerprint());
        assertTrue(byKnownHosts.exec(HostTarget.of(address), List.of("true")).ok());
        assertTrue(byPin.exec(pinned, List.of("true")).ok());

        sshd.newHostKey().restart(); // the pooled connections die with the old server

        assertNamesHostAndKey(assertThrows(HostKeyMismatch.class,
                () -> byKnownHosts.exec(HostTarget.of(address), touchMarker)));
        assertNamesHostAndKey(assertThrows(HostKeyMismatch.class, () -> byPin.exec(pinned, touchMarker)));
        assertFalse(Files.exists(marker), "a command ran on a host whose key changed");
    }

    @Test
    void aDeadPooledConnectionIsReplaced() {
        SshjTransport transport = transport(TestSshConfig.withKey(sshd.clientKey()));
        HostTarget pinned = HostTarget.pinned(address, sshd.hostKeyFingerprint());
        assertTrue(transport.exec(pinned, List.of("true")).ok());

        sshd.restart(); // same key; the pooled connection is gone

        assertEquals(List.of("again"), transport.exec(pinned, List.of("echo", "again")).stdout());
        assertEquals(2, sshd.acceptedLogins());
    }

    private void assertNamesHostAndKey(HostTransportException e) {
        String message = e.getMessage();
        assertTrue(message.contains("127.0.0.1:" + sshd.port()), message);
        assertTrue(message.contains("ssh-ed25519"), message);
        assertTrue(message.contains(sshd.hostKeyFingerprint()), message);
        assertTrue(message.contains("Nothing was run"), message);
    }

    private ExecResult exec(Path knownHosts) {
        SshjTransport transport = transport(TestSshConfig.withKey(sshd.clientKey()).knownHosts(knownHosts));
        return transport.exec(HostTarget.of(address), touchMarker);
    }

    private Path knownHosts(String content) throws IOException {
        return Files.writeString(Files.createTempFile(sshd.dir(), "known_hosts", ""), content);
    }

    private SshjTransport transport(SshConfig config) {
        SshjTransport transport = new SshjTransport(config);
        transports.add(transport);
        return transport;
    }
}
