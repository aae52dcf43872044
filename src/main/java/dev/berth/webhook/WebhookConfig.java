package dev.berth.webhook;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/**
 * Credentials of each webhook source. A source whose credential is unset is disabled: it answers 404 and never
 * accepts unverified traffic.
 */
@ConfigMapping(prefix = "berth.webhooks")
public interface WebhookConfig {

    GitHub github();

    /** CNCF Distribution registry notifications. */
    TokenSource distribution();

    /** Harbor webhooks. */
    TokenSource harbor();

    /** Docker Hub webhooks (token in the path). */
    TokenSource dockerhub();

    /** Quay notifications (token in the path). */
    TokenSource quay();

    /**
     * Largest GitHub body (413 beyond it, answered before the body is read when the length is declared). Also sets
     * {@code quarkus.http.limits.max-body-size}.
     */
    @WithDefault("10M")
    MemorySize maxBodySize();

    /** Largest body of a registry route (Distribution, Harbor, Docker Hub, Quay): they send kilobytes. */
    @WithDefault("512K")
    MemorySize registryMaxBodySize();

    /**
     * Bytes of webhook bodies held in memory at once, across all requests. A request that would go beyond it is
     * answered 503 with Retry-After; the sender retries later.
     */
    @WithDefault("64M")
    MemorySize maxInFlight();

    interface GitHub {
        /** Webhook secrets; any one verifies a delivery, so a secret can be rotated without downtime. */
        Optional<List<String>> secrets();

        /** Registry host of GitHub package events (GHCR). */
        @WithDefault("ghcr.io")
        String packageRegistry();
    }

    interface TokenSource {
        /**
         * The shared credential. For Distribution and Harbor it is the whole {@code Authorization} header value the
         * registry sends (for example {@code Bearer s3cret}); for Docker Hub and Quay the secret path segment.
         */
        Optional<String> token();
    }
}
