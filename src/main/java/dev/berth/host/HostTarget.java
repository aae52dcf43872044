package dev.berth.host;

import dev.berth.domain.Printable;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A host to reach: its address plus, optionally, the host key fingerprint pinned in app.yaml
 * ({@code hostKey: "SHA256:..."}, exactly as {@code ssh-keygen -lf} prints it). With a pin only that key is
 * accepted; without one the host key must be listed in {@code berth.ssh.known-hosts}.
 */
public record HostTarget(HostAddress address, Optional<String> pinnedHostKey) {

    /** {@code SHA256:} and the unpadded base64 of 32 bytes, as OpenSSH prints fingerprints. */
    private static final Pattern FINGERPRINT = Pattern.compile("SHA256:[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]");

    public HostTarget {
        Objects.requireNonNull(address, "address");
        pinnedHostKey = pinnedHostKey == null ? Optional.empty() : pinnedHostKey;
        pinnedHostKey.ifPresent(HostTarget::checkFingerprint);
    }

    /** A host verified against the known_hosts file. */
    public static HostTarget of(HostAddress address) {
        return new HostTarget(address, Optional.empty());
    }

    /** A host whose key must have this fingerprint. */
    public static HostTarget pinned(HostAddress address, String fingerprint) {
        return new HostTarget(address, Optional.of(fingerprint));
    }

    private static void checkFingerprint(String value) {
        if (!FINGERPRINT.matcher(value).matches()) {
            throw new IllegalArgumentException("invalid host key fingerprint '" + Printable.clip(value)
                    + "': expected SHA256: and 43 base64 characters, as printed by"
                    + " ssh-keyscan -t ed25519 -p PORT HOST | ssh-keygen -lf -");
        }
    }

    @Override
    public String toString() {
        return address + pinnedHostKey.map(k -> " (host key " + k + ")").orElse("");
    }
}
