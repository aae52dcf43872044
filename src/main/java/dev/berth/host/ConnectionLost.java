package dev.berth.host;

/**
 * The connection broke while a command or an upload was under way, so berth does not know whether it completed.
 * Retryable, because the agent's commands and uploads are idempotent; a caller running something that is not must
 * check the host's state first.
 */
public final class ConnectionLost extends HostTransportException {

    public ConnectionLost(HostAddress address, String what, Throwable cause) {
        super(address, "connection to " + address.hostAndPort() + " broke during " + what
                + (cause != null && cause.getMessage() != null ? " (" + cause.getMessage() + ")" : "")
                + "; it may or may not have completed. Retrying is safe for idempotent agent commands", cause);
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
