package dev.berth.host;

/** berth has no deploy key: {@code berth.ssh.private-key} is unset, so no host can be reached. Permanent. */
public final class SshNotConfigured extends HostTransportException {

    public SshNotConfigured(HostAddress address) {
        super(address, "cannot connect to " + address.hostAndPort() + ": berth.ssh.private-key is not set. Point it"
                + " at the deploy key file (BERTH_SSH_PRIVATE_KEY) and restart berth (see docs/ssh.md)", null);
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
