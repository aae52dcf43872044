package dev.berth.registry;

/**
 * Sees every request berth sends to a registry (and to storage it redirects to, not to its token realm). The poller
 * paces its requests through it: one at a time per registry, {@code Retry-After}, a request budget. {@link #NONE} on
 * the deploy path.
 */
public interface RegistryPacer {

    RegistryPacer NONE = new RegistryPacer() {
    };

    /** Called before each request to {@code host} ({@code host[:port]}); may block until it may be asked again. */
    default void before(String host) {
    }

    /** Called with each answer's status and its {@code Retry-After} header value (or null). */
    default void after(String host, int status, String retryAfter) {
    }
}
