package dev.berth.gitops;

/** The state repository cannot be read or written; the message says which and why. */
public class StateRepositoryException extends Exception {

    public StateRepositoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
