package dev.berth.host;

/**
 * The host presented a key other than the one pinned in app.yaml or listed in known_hosts: either the host was
 * reinstalled or someone is in the middle. The connection was dropped before authentication; nothing ran.
 * Permanent: a human must check the host and update the pin or known_hosts.
 */
public final class HostKeyMismatch extends HostTransportException {

    public HostKeyMismatch(HostAddress address, String keyType, String presented, String expected) {
        super(address, "host key of " + address.hostAndPort() + " does not match: it presented " + keyType + " "
                + presented + " but " + expected + ". Nothing was run. If the host was reinstalled, check its key"
                + " out of band (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub on the host) and update the"
                + " hostKey in app.yaml or berth.ssh.known-hosts; otherwise treat it as an attack", null);
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
