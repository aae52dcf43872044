package dev.berth.registry;

import java.time.Duration;
import java.util.Optional;

/**
 * The registry could not be reached, or kept answering 429 or 5xx until the retries ran out. Transient: try again
 * later, no sooner than {@link #retryAfter()} when the registry said when.
 */
public final class RegistryUnavailable extends RegistryException {

    private final transient Duration retryAfter;

    public RegistryUnavailable(String registry, String repository, String reference, String detail,
            Duration retryAfter, Throwable cause) {
        super(registry, repository, reference, "registry " + registry + " is unavailable for "
                + where(registry, repository, reference) + ": " + detail
                + "; berth will try again later, check the registry's status if this persists", cause);
        this.retryAfter = retryAfter;
    }

    /** How long the registry asked clients to wait ({@code Retry-After}), when it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    @Override
    public boolean isTransient() {
        return true;
    }
}
