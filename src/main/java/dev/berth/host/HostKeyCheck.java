package dev.berth.host;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.List;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;

/**
 * Verifies the key a host presents during one connection attempt: against the pinned fingerprint when the target has
 * one, else against the known_hosts file. It remembers why it refused, so the connector can throw
 * {@link HostKeyMismatch} or {@link HostKeyUnknown} instead of sshj's generic transport error. Never accepts a key
 * it cannot verify.
 */
final class HostKeyCheck implements HostKeyVerifier {

    private final HostTarget target;
    private final Path knownHostsFile;
    private final KnownHosts knownHosts;
    private volatile HostTransportException refusal;
    private volatile PublicKey accepted;

    HostKeyCheck(HostTarget target, Path knownHostsFile) {
        this.target = target;
        this.knownHostsFile = knownHostsFile;
        this.knownHosts = target.pinnedHostKey().isEmpty() && knownHostsFile != null ? load(knownHostsFile) : null;
    }

    @Override
    public boolean verify(String hostname, int port, PublicKey key) {
        return verify(key);
    }

    /** Checks {@code key}; on refusal {@link #refusal()} says why. */
    boolean verify(PublicKey key) {
        HostAddress address = target.address();
        String type = HostKeys.type(key);
        String presented = HostKeys.fingerprint(key);
        if (target.pinnedHostKey().isPresent()) {
            String pin = target.pinnedHostKey().get();
            if (MessageDigest.isEqual(pin.getBytes(StandardCharsets.US_ASCII),
                    presented.getBytes(StandardCharsets.US_ASCII))) {
                accepted = key;
                return true;
            }
            refusal = new HostKeyMismatch(address, type, presented, "app.yaml pins hostKey " + pin);
            return false;
        }
        if (knownHosts == null) {
            refusal = new HostKeyUnknown(address, type, presented,
                    "app.yaml pins no hostKey for it while berth.ssh.known-hosts is not set");
            return false;
        }
        if (knownHosts.verify(address.host(), address.port(), key)) {
            accepted = key;
            return true;
        }
        refusal = knownHosts.changed
                ? new HostKeyMismatch(address, type, presented, "berth.ssh.known-hosts (" + knownHostsFile
                        + ") lists another " + type + " key for " + knownHosts.entryName)
                : new HostKeyUnknown(address, type, presented, "berth.ssh.known-hosts (" + knownHostsFile
                        + ") has no " + type + " key for " + knownHosts.entryName);
        return false;
    }

    @Override
    public List<String> findExistingAlgorithms(String hostname, int port) {
        // With a pin, sshj keeps its own preference order (ssh-ed25519 first); docs/ssh.md says to pin that key.
        return knownHosts == null ? List.of() : knownHosts.findExistingAlgorithms(hostname, port);
    }

    /** Why the last key was refused, or null. */
    HostTransportException refusal() {
        return refusal;
    }

    /** The key that was accepted, or null. */
    PublicKey accepted() {
        return accepted;
    }

    private static KnownHosts load(Path file) {
        try {
            return new KnownHosts(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read berth.ssh.known-hosts " + file, e);
        }
    }

    /** sshj's parser and matcher (hashed and [host]:port entries), telling "changed" apart from "unknown". */
    private static final class KnownHosts extends OpenSSHKnownHosts {
        private boolean changed;
        private String entryName = "";

        KnownHosts(File file) throws IOException {
            super(file);
        }

        @Override
        protected boolean hostKeyChangedAction(String hostname, PublicKey key) {
            changed = true;
            entryName = hostname;
            return false;
        }

        @Override
        protected boolean hostKeyUnverifiableAction(String hostname, PublicKey key) {
            entryName = hostname;
            return false;
        }
    }
}
