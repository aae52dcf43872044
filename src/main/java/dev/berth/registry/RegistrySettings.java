package dev.berth.registry;

import dev.berth.domain.ImageRef;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The client's settings as plain values: built from {@link RegistryConfig} in the application, directly in tests.
 *
 * @param credentials    accounts per registry host (lowercase)
 * @param insecureHosts  hosts reached over plain HTTP (lowercase, with port when not default)
 * @param maxAttempts    attempts per request, the first included
 * @param backoff        wait before the second attempt, doubled after
 * @param maxWait        longest wait in place; a longer Retry-After fails the call at once
 * @param credentialHelpers    Docker credential helper per registry host (host key form, see {@link #hostKey})
 * @param credentialHelperTtl  how long a helper's answer is assumed valid when its secret does not say
 */
public record RegistrySettings(Map<String, Credentials> credentials, Set<String> insecureHosts,
        Duration connectTimeout, Duration requestTimeout, int maxAttempts, Duration backoff, Duration maxWait,
        Map<String, String> credentialHelpers, Duration credentialHelperTtl) {

    public RegistrySettings {
        credentials = Map.copyOf(credentials);
        credentialHelpers = Map.copyOf(credentialHelpers);
        if (credentialHelperTtl == null || credentialHelperTtl.isNegative() || credentialHelperTtl.isZero()) {
            throw new IllegalArgumentException("berth.registry.credential-helper-ttl must be positive");
        }
        insecureHosts = Set.copyOf(insecureHosts);
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("berth.registry.retry.max-attempts must be at least 1, was " + maxAttempts);
        }
    }

    /** Anonymous, HTTPS only, the documented defaults. */
    public static RegistrySettings defaults() {
        return new RegistrySettings(Map.of(), Set.of(), Duration.ofSeconds(5), Duration.ofSeconds(30), 4,
                Duration.ofMillis(500), Duration.ofSeconds(30), Map.of(), Duration.ofMinutes(5));
    }

    public static RegistrySettings from(RegistryConfig config) {
        Map<String, Credentials> accounts = new HashMap<>();
        config.auth().forEach((key, account) -> accounts.put(hostKey(account.host().orElse(key)),
                new Credentials(account.username(), account.password())));
        Set<String> insecure = new HashSet<>();
        config.insecureHosts().ifPresent(hosts -> hosts.forEach(h -> insecure.add(h.trim().toLowerCase(Locale.ROOT))));
        Map<String, String> helpers = new HashMap<>();
        config.credentialHelpers().forEach((host, helper) -> helpers.put(hostKey(host), helper.trim()));
        return new RegistrySettings(accounts, insecure, config.connectTimeout(), config.requestTimeout(),
                config.retry().maxAttempts(), config.retry().backoff(), config.retry().maxWait(), helpers,
                config.credentialHelperTtl());
    }

    public RegistrySettings withCredentials(String host, String username, String password) {
        Map<String, Credentials> more = new HashMap<>(credentials);
        more.put(hostKey(host), new Credentials(username, password));
        return new RegistrySettings(more, insecureHosts, connectTimeout, requestTimeout, maxAttempts, backoff, maxWait,
                credentialHelpers, credentialHelperTtl);
    }

    /** Runs {@code helper} (see {@link RegistryConfig#credentialHelpers()}) for {@code host}'s account. */
    public RegistrySettings withCredentialHelper(String host, String helper, Duration assumedTtl) {
        Map<String, String> more = new HashMap<>(credentialHelpers);
        more.put(hostKey(host), helper);
        return new RegistrySettings(credentials, insecureHosts, connectTimeout, requestTimeout, maxAttempts, backoff,
                maxWait, more, assumedTtl);
    }

    public RegistrySettings withInsecureHosts(String... hosts) {
        Set<String> more = new HashSet<>(insecureHosts);
        for (String host : hosts) {
            more.add(host.toLowerCase(Locale.ROOT));
        }
        return new RegistrySettings(credentials, more, connectTimeout, requestTimeout, maxAttempts, backoff, maxWait,
                credentialHelpers, credentialHelperTtl);
    }

    public RegistrySettings withRetry(int attempts, Duration firstBackoff, Duration longestWait) {
        return new RegistrySettings(credentials, insecureHosts, connectTimeout, requestTimeout, attempts, firstBackoff,
                longestWait, credentialHelpers, credentialHelperTtl);
    }

    /**
     * The account for the image's registry, looked up by its reference host, then by its API host. Hosts match
     * exactly: case-insensitive, with an explicit default port ({@code :443}) read as no port, and nothing else
     * folded, so the credentials of {@code registry.acme-corp.com} never reach {@code registry.acme.corp.com} or
     * {@code registry-acme-corp.com}.
     */
    public Optional<Credentials> credentialsFor(ImageRef repository) {
        for (String host : new String[] {repository.registry(), repository.apiHost()}) {
            Credentials exact = credentials.get(hostKey(host));
            if (exact != null) {
                return Optional.of(exact);
            }
        }
        return Optional.empty();
    }

    /** The form hosts are compared in: lowercase, without a trailing dot, without the HTTPS default port. */
    static String hostKey(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.endsWith(":443")) {
            h = h.substring(0, h.length() - 4);
        }
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h;
    }

    /** True when {@code host} (host or host:port) may be spoken to over plain HTTP. */
    public boolean isInsecure(String host) {
        return insecureHosts.contains(host.toLowerCase(Locale.ROOT));
    }

    /** {@code https://host} or, for an insecure host, {@code http://host}. */
    public String baseUrl(ImageRef repository) {
        String host = repository.apiHost();
        return (isInsecure(host) || isInsecure(repository.registry()) ? "http://" : "https://") + host;
    }
}
