package dev.berth.host;

/**
 * The host's key is neither pinned in app.yaml nor listed in known_hosts, so it cannot be trusted. The connection was
 * dropped before authentication; nothing ran. Permanent until a human adds the key.
 */
public final class HostKeyUnknown extends HostTransportException {

    public HostKeyUnknown(HostAddress address, String keyType, String presented, String where) {
        super(address, "host key of " + address.hostAndPort() + " is unknown: it presented " + keyType + " "
                + presented + " and " + where + ". Nothing was run. Check the key out of band, then pin it as"
                + " hostKey: \"" + presented + "\" in app.yaml or add the host to berth.ssh.known-hosts"
                + " (ssh-keyscan -p " + address.port() + " " + address.host() + ")", null);
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
