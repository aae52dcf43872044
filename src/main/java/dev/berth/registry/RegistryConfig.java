package dev.berth.registry;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How berth talks to container registries: credentials per registry host, plain-HTTP exceptions, timeouts and
 * retries. Registries without an entry are used anonymously over HTTPS.
 */
@ConfigMapping(prefix = "berth.registry")
public interface RegistryConfig {

    /**
     * Credentials per registry host, keyed as the host appears in image references ({@code docker.io},
     * {@code ghcr.io}, {@code registry.example.com:5000}): {@code berth.registry.auth."ghcr.io".username=...}.
     * Sent as basic auth to the registry, or to its token realm for bearer-token registries.
     */
    Map<String, Account> auth();

    /**
     * Docker credential helpers per registry host, for registries whose credentials expire (ECR, GCP Artifact
     * Registry, ACR): {@code berth.registry.credential-helpers."123456789012.dkr.ecr.eu-west-1.amazonaws.com"=ecr-login}
     * runs {@code docker-credential-ecr-login get}. A name without {@code /} is looked up on PATH (with the
     * {@code docker-credential-} prefix added unless given); an absolute path is run as is. A static account
     * ({@link #auth()}) for the same host wins.
     */
    Map<String, String> credentialHelpers();

    /**
     * How long a credential helper's answer is cached when its secret does not say when it expires (a JWT's
     * {@code exp} does). Refreshed a fifth of this (at most 1 minute) early, and at once when the registry refuses it.
     */
    @WithDefault("5m")
    Duration credentialHelperTtl();

    /**
     * Hosts berth speaks plain HTTP to (registry hosts, or token realm hosts), for example a loopback test registry.
     * Every other host is HTTPS only.
     */
    Optional<List<String>> insecureHosts();

    /** How long to wait for a TCP connection to a registry. */
    @WithDefault("5s")
    Duration connectTimeout();

    /** How long one request may take, headers and body. */
    @WithDefault("30s")
    Duration requestTimeout();

    /** Retries of 429, 5xx and connection errors. */
    Retry retry();

    /** A registry account. */
    interface Account {
        /**
         * The registry host this account is for, when the map key is only a name: an environment variable cannot
         * spell {@code -} or {@code :}, so {@code BERTH_REGISTRY_AUTH__ACME__HOST=registry.acme-corp.com:5000} names
         * the host exactly. Without it the map key is the host. Hosts match exactly (case-insensitive, default port
         * normalised), never by similarity.
         */
        Optional<String> host();

        /** The user name (for GHCR: the GitHub user; for Docker Hub: the Docker ID). */
        String username();

        /** The password or access token (GHCR: a PAT with read:packages). Never logged. */
        String password();
    }

    /** Bounded retries with exponential backoff. */
    interface Retry {
        /** Attempts per request, the first included; then the call fails with RegistryUnavailable. */
        @WithDefault("4")
        int maxAttempts();

        /** Wait before the second attempt; doubled for each further one (with jitter). */
        @WithDefault("500ms")
        Duration backoff();

        /**
         * Longest wait between two attempts. A {@code Retry-After} above it is not waited for in place: the call fails
         * at once with RegistryUnavailable carrying the registry's Retry-After, and the caller retries later.
         */
        @WithDefault("30s")
        Duration maxWait();
    }
}
