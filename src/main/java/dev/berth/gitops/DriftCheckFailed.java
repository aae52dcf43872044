package dev.berth.gitops;

/**
 * A host whose state could not be read (unreachable, untrusted, or its agent failed or answered something
 * unreadable). A checker error, never drift: the host's last known drift state stands.
 */
public class DriftCheckFailed extends RuntimeException {

    public DriftCheckFailed(String message) {
        super(message);
    }

    public DriftCheckFailed(String message, Throwable cause) {
        super(message, cause);
    }
}
