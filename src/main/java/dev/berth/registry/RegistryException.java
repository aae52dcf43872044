package dev.berth.registry;

/**
 * A registry call that did not give an answer. Subclasses say why; {@link #isTransient()} alone decides whether the
 * caller tries again later. Messages name the registry, the repository and the reference, and say what to do; they
 * never contain credentials or tokens.
 */
public abstract sealed class RegistryException extends RuntimeException
        permits DigestNotFound, RegistryAuthFailed, RegistryUnavailable, RegistryProtocolError {

    private final String registry;
    private final String repository;
    private final String reference;

    protected RegistryException(String registry, String repository, String reference, String message, Throwable cause) {
        super(message, cause);
        this.registry = registry;
        this.repository = repository;
        this.reference = reference;
    }

    /** True when the same call may succeed later (the registry is down or throttling); false when it will not. */
    public abstract boolean isTransient();

    /** The registry host, as in the image reference ({@code ghcr.io}, {@code docker.io}). */
    public String registry() {
        return registry;
    }

    /** The repository path in that registry ({@code acme/web}). */
    public String repository() {
        return repository;
    }

    /** The tag or digest that was asked for. */
    public String reference() {
        return reference;
    }

    static String where(String registry, String repository, String reference) {
        return registry + "/" + repository + (reference.startsWith("sha256:") ? "@" : ":") + reference;
    }
}
