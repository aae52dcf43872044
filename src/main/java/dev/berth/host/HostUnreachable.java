package dev.berth.host;

/**
 * No SSH session could be set up: the connection was refused, timed out, the name did not resolve, or the server
 * hung up before authentication. Nothing ran on the host. Transient: retry with backoff.
 */
public final class HostUnreachable extends HostTransportException {

    public HostUnreachable(HostAddress address, String reason, Throwable cause) {
        super(address, "cannot reach SSH server " + address.hostAndPort() + ": " + reason
                + "; check that the host is up, sshd listens on port " + address.port()
                + " and no firewall blocks berth (will be retried)", cause);
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
