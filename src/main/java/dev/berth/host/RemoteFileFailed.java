package dev.berth.host;

/** The host refused an SFTP operation (permission denied, no such folder, disk full). Permanent. */
public final class RemoteFileFailed extends HostTransportException {

    public RemoteFileFailed(HostAddress address, String what, Throwable cause) {
        super(address, "cannot " + what + " on " + address.hostAndPort() + ": "
                + (cause != null ? cause.getMessage() : "refused")
                + "; check that user '" + address.user() + "' may write there and the disk has room", cause);
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
