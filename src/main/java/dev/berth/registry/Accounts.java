package dev.berth.registry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The account berth uses for a registry: a static one ({@code berth.registry.auth}) when configured, else the answer
 * of the host's credential helper ({@code berth.registry.credential-helpers}), cached until shortly before it expires.
 *
 * <p>The helper protocol carries no expiry. When the secret is a JWT its {@code exp} claim is the expiry; otherwise
 * the answer is assumed valid for {@code berth.registry.credential-helper-ttl} (5 minutes by default, well inside
 * ECR's 12 hours and GCP's one hour). A cached answer is dropped a fifth of its lifetime (at most a minute) before
 * it expires, and at once when the registry refuses it, so a secret that expired early is fetched again.
 */
final class Accounts {

    private static final Duration MAX_MARGIN = Duration.ofMinutes(1);

    private record Cached(Credentials credentials, Instant refreshAt) {
    }

    private final RegistrySettings settings;
    private final Clock clock;
    private final Map<String, CredentialHelper> helpers = new ConcurrentHashMap<>();
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    Accounts(RegistrySettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        settings.credentialHelpers().forEach((host, helper) -> helpers.put(host, new CredentialHelper(helper)));
    }

    /** The account for the request's registry, if any. */
    Optional<Credentials> forRequest(RegistryRequest request) {
        Optional<Credentials> fixed = settings.credentialsFor(request.repository());
        if (fixed.isPresent()) {
            return fixed;
        }
        Optional<String> host = helperHost(request);
        if (host.isEmpty()) {
            return Optional.empty();
        }
        Cached cached = cache.get(host.get());
        if (cached != null && clock.instant().isBefore(cached.refreshAt())) {
            return Optional.of(cached.credentials());
        }
        return Optional.of(fetch(request, host.get()));
    }

    /**
     * The registry refused {@code rejected}: when it came from a helper, asks the helper again and returns the new
     * account if it differs (the secret expired early or was rotated); empty when there is nothing better to send.
     */
    Optional<Credentials> refresh(RegistryRequest request, Credentials rejected) {
        if (settings.credentialsFor(request.repository()).isPresent()) {
            return Optional.empty();
        }
        Optional<String> host = helperHost(request);
        if (host.isEmpty()) {
            return Optional.empty();
        }
        Cached cached = cache.get(host.get());
        if (cached != null && !cached.credentials().equals(rejected)) {
            return Optional.of(cached.credentials()); // another thread refreshed already
        }
        cache.remove(host.get());
        Credentials fresh = fetch(request, host.get());
        return fresh.equals(rejected) ? Optional.empty() : Optional.of(fresh);
    }

    /** Names the helper in an error message, or empty when the account is static. */
    Optional<String> helperFor(RegistryRequest request) {
        if (settings.credentialsFor(request.repository()).isPresent()) {
            return Optional.empty();
        }
        return helperHost(request).map(host -> helpers.get(host).program());
    }

    private Credentials fetch(RegistryRequest request, String host) {
        Instant now = clock.instant();
        CredentialHelper.Answer answer = helpers.get(host).get(request, host);
        Instant expires = answer.expires().orElse(now.plus(settings.credentialHelperTtl()));
        Duration lifetime = Duration.between(now, expires);
        Duration margin = lifetime.isNegative() ? Duration.ZERO : lifetime.dividedBy(5);
        if (margin.compareTo(MAX_MARGIN) > 0) {
            margin = MAX_MARGIN;
        }
        cache.put(host, new Cached(answer.credentials(), expires.minus(margin)));
        return answer.credentials();
    }

    private Optional<String> helperHost(RegistryRequest request) {
        for (String host : new String[] {request.repository().registry(), request.repository().apiHost()}) {
            String key = RegistrySettings.hostKey(host);
            if (helpers.containsKey(key)) {
                return Optional.of(key);
            }
        }
        return Optional.empty();
    }
}
