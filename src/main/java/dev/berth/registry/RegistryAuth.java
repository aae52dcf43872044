package dev.berth.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Answers registry challenges: basic auth with the configured account, or the bearer-token flow (Docker's token
 * spec: GET realm?service=...&scope=..., anonymous or with the account as basic auth). Remembers each host's
 * challenge so later requests authenticate at once, and caches tokens until shortly before they expire.
 */
final class RegistryAuth {

    private static final Logger LOG = Logger.getLogger(RegistryAuth.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The token spec's default lifetime when the answer has no expires_in. */
    private static final long DEFAULT_TOKEN_SECONDS = 60;
    /** A token is dropped this long before it expires, so it never expires in flight. */
    private static final long EXPIRY_MARGIN_SECONDS = 10;
    private static final int MAX_CACHED_TOKENS = 1000;

    private record Token(String value, Instant expires) {
    }

    private final RegistrySettings settings;
    private final Accounts accounts;
    private final HttpClient http;
    private final Clock clock;
    private final Map<String, Challenge> challenges = new ConcurrentHashMap<>();
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();

    RegistryAuth(RegistrySettings settings, HttpClient http, Clock clock) {
        this.settings = settings;
        this.accounts = new Accounts(settings, clock);
        this.http = http;
        this.clock = clock;
    }

    /** The Authorization value to send first: empty until the host has challenged berth once. */
    Optional<String> preemptive(RegistryRequest request) {
        Challenge known = challenges.get(request.repository().apiHost());
        return known == null ? Optional.empty() : Optional.of(respond(request, known, Optional.empty()));
    }

    /** The Authorization value that answers a 401's challenges; {@code sent} is what was rejected, if anything. */
    String answer(RegistryRequest request, List<Challenge> offered, Optional<String> sent) {
        Challenge chosen = offered.stream().filter(Challenge::isBearer).findFirst()
                .or(() -> offered.stream().filter(Challenge::isBasic).findFirst())
                .orElseThrow(() -> request.authFailed(offered.isEmpty() ? "HTTP 401 without a WWW-Authenticate challenge"
                        : "HTTP 401 asking for an unsupported scheme '" + offered.get(0).scheme() + "'"));
        challenges.put(request.repository().apiHost(), chosen);
        return respond(request, chosen, sent);
    }

    /** Why the registry still answered 401 or 403, for the error message (never quoting a secret). */
    String refusal(RegistryRequest request, Optional<String> sent, int status) {
        Optional<Credentials> account = accounts.forRequest(request);
        if (sent.isEmpty()) {
            return "HTTP " + status + " to an anonymous request";
        }
        if (sent.get().startsWith("Basic ")) {
            return "HTTP " + status + ": the registry refused the username or password of user '"
                    + account.map(Credentials::username).orElse("?") + "'";
        }
        return "HTTP " + status + ": the registry refused the token issued to "
                + account.map(a -> "user '" + a.username() + "'").orElse("an anonymous request") + " for pull access";
    }

    private String respond(RegistryRequest request, Challenge challenge, Optional<String> rejected) {
        Optional<Credentials> account = accounts.forRequest(request);
        if (challenge.isBasic()) {
            Credentials credentials = account.orElseThrow(() -> request.authFailed(
                    "the registry requires basic auth and no credentials are configured"));
            if (rejected.isPresent() && rejected.get().equals(credentials.basicHeader())) {
                credentials = accounts.refresh(request, credentials).orElseThrow(() -> request.authFailed(
                        "the registry refused the username or password of user '" + account.get().username() + "'"
                                + accounts.helperFor(request).map(h -> " (from credential helper " + h + ")").orElse("")));
            }
            return credentials.basicHeader();
        }
        String realm = challenge.param("realm").filter(r -> !r.isBlank()).orElseThrow(() ->
                request.protocolError("bearer challenge without a realm"));
        String service = challenge.param("service").orElse("");
        String scope = challenge.param("scope").orElse("repository:" + request.repoPath() + ":pull");
        String key = realm + "|" + service + "|" + scope + "|" + account.map(Credentials::username).orElse("");
        Token cached = tokens.get(key);
        if (cached != null && rejected.isEmpty() && clock.instant().isBefore(cached.expires())) {
            return "Bearer " + cached.value();
        }
        tokens.remove(key);
        Token fresh;
        try {
            fresh = fetch(request, realm, service, scope, account);
        } catch (RegistryAuthFailed refused) {
            // a helper's secret may have expired before its assumed lifetime: ask the helper once more
            Optional<Credentials> renewed = account.flatMap(a -> accounts.refresh(request, a));
            if (renewed.isEmpty()) {
                throw refused;
            }
            fresh = fetch(request, realm, service, scope, renewed);
        }
        if (tokens.size() >= MAX_CACHED_TOKENS) {
            Instant now = clock.instant();
            tokens.values().removeIf(t -> !now.isBefore(t.expires()));
        }
        tokens.put(key, fresh);
        return "Bearer " + fresh.value();
    }

    private Token fetch(RegistryRequest request, String realm, String service, String scope, Optional<Credentials> account) {
        URI uri = tokenUri(request, realm, service, scope);
        HttpRequest.Builder get = HttpRequest.newBuilder(uri).GET().timeout(settings.requestTimeout())
                .header("Accept", "application/json").header("User-Agent", RegistryHttp.USER_AGENT);
        account.ifPresent(a -> get.header("Authorization", a.basicHeader()));
        HttpResponse<byte[]> response;
        try {
            response = http.send(get.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw request.unavailable("token service " + uri.getHost() + " unreachable: " + RegistryHttp.describe(e), null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw request.unavailable("interrupted while fetching a token", null, e);
        }
        int status = response.statusCode();
        if (status == 401 || status == 403) {
            throw request.authFailed("the token service " + uri.getHost() + " answered HTTP " + status + " to "
                    + account.map(a -> "user '" + a.username() + "'").orElse("an anonymous request") + " for " + scope);
        }
        if (Retries.retryable(status)) {
            throw request.unavailable("token service " + uri.getHost() + " answered HTTP " + status, null, null);
        }
        if (status != 200) {
            throw request.protocolError("token service " + uri.getHost() + " answered HTTP " + status);
        }
        try {
            JsonNode body = JSON.readTree(response.body());
            String token = body.path("token").asText(body.path("access_token").asText(""));
            if (token.isEmpty()) {
                throw request.protocolError("token service " + uri.getHost() + " answered without a token");
            }
            long seconds = Math.max(body.path("expires_in").asLong(DEFAULT_TOKEN_SECONDS), DEFAULT_TOKEN_SECONDS);
            LOG.debugf("token for %s from %s, valid %d s", scope, uri.getHost(), seconds);
            return new Token(token, clock.instant().plusSeconds(seconds - EXPIRY_MARGIN_SECONDS));
        } catch (IOException e) {
            throw request.protocolError("token service " + uri.getHost() + " answered with invalid JSON");
        }
    }

    private URI tokenUri(RegistryRequest request, String realm, String service, String scope) {
        URI base;
        try {
            base = URI.create(realm);
        } catch (IllegalArgumentException e) {
            throw request.protocolError("bearer realm is not a URL");
        }
        String authority = base.getPort() < 0 ? base.getHost() : base.getHost() + ":" + base.getPort();
        boolean https = "https".equalsIgnoreCase(base.getScheme());
        boolean http = "http".equalsIgnoreCase(base.getScheme()) && base.getHost() != null
                && (settings.isInsecure(authority) || settings.isInsecure(base.getHost()));
        if (!https && !http) {
            throw request.protocolError("bearer realm " + base.getScheme() + "://" + authority + " is not HTTPS;"
                    + " list its host in berth.registry.insecure-hosts only if it is a trusted test service");
        }
        StringBuilder query = new StringBuilder(base.getRawQuery() == null ? "" : base.getRawQuery());
        if (!service.isEmpty()) {
            query.append(query.length() == 0 ? "" : "&").append("service=").append(encode(service));
        }
        query.append(query.length() == 0 ? "" : "&").append("scope=").append(encode(scope));
        String path = base.getRawPath() == null || base.getRawPath().isEmpty() ? "/" : base.getRawPath();
        return URI.create(base.getScheme() + "://" + base.getRawAuthority() + path + "?" + query);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
