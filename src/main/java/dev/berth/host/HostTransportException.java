package dev.berth.host;

/**
 * A failure to run something on a host. The subtype alone decides what the caller does next: retry only when
 * {@link #retryable()} says so. Messages say what happened, where, and what to do; they never contain secrets.
 */
public abstract sealed class HostTransportException extends RuntimeException
        permits HostUnreachable, AuthenticationFailed, HostKeyMismatch, HostKeyUnknown, CommandTimeout,
        ConnectionLost, RemoteFileFailed, SshNotConfigured {

    private final transient HostAddress address;

    protected HostTransportException(HostAddress address, String message, Throwable cause) {
        super(message, cause);
        this.address = address;
    }

    /** The host it happened on (null only for {@link SshNotConfigured}). */
    public HostAddress address() {
        return address;
    }

    /** Whether trying the same thing again later can succeed without a human changing something. */
    public abstract boolean retryable();
}
