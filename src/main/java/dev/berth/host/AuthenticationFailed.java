package dev.berth.host;

/** The host refused berth's deploy key for the user. Nothing ran. Permanent until someone fixes authorized_keys. */
public final class AuthenticationFailed extends HostTransportException {

    public AuthenticationFailed(HostAddress address, String keyFingerprint, Throwable cause) {
        super(address, "SSH server " + address.hostAndPort() + " refused the deploy key " + keyFingerprint
                + " for user '" + address.user() + "': add the public key of berth.ssh.private-key to ~"
                + address.user() + "/.ssh/authorized_keys on the host (see docs/ssh.md)", cause);
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
