package dev.berth.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Sends one registry request: authenticates (see {@link RegistryAuth}), retries 429, 5xx and connection errors with
 * bounded backoff honouring {@code Retry-After}, follows redirects itself so that credentials never go to another
 * host (blob downloads redirect to object storage), and caps the body it reads.
 */
final class RegistryHttp {

    static final String USER_AGENT = "berth";
    private static final Logger LOG = Logger.getLogger(RegistryHttp.class);
    private static final int MAX_REDIRECTS = 5;
    private static final int MAX_CHALLENGE_ANSWERS = 2;

    /** Waits between attempts; a seam so the client's own pacing stays out of the HTTP code. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /**
     * A registry's answer with its body (empty for HEAD); {@code fromRegistry} is false when a redirect led away
     * from the registry's origin and another server answered.
     */
    record Response(int status, HttpHeaders headers, byte[] body, boolean fromRegistry) {
        Optional<String> header(String name) {
            return headers.firstValue(name);
        }
    }

    private final RegistrySettings settings;
    private final Clock clock;
    private final HttpClient http;
    private final RegistryAuth auth;
    private final Sleeper sleeper;
    private final RegistryPacer pacer;

    RegistryHttp(RegistrySettings settings, Clock clock, Sleeper sleeper) {
        this(settings, clock, sleeper, RegistryPacer.NONE);
    }

    RegistryHttp(RegistrySettings settings, Clock clock, Sleeper sleeper, RegistryPacer pacer) {
        this.pacer = pacer;
        this.settings = settings;
        this.clock = clock;
        this.sleeper = sleeper;
        // HTTP/1.1 only: the JDK client would try an h2c upgrade on plain http, which some registries mishandle.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout()).followRedirects(HttpClient.Redirect.NEVER).build();
        this.auth = new RegistryAuth(settings, http, clock);
    }

    /** The response to {@code request}: any status but 401/403 (auth failures), 429 and 5xx (retried). */
    Response send(RegistryRequest request) {
        URI uri = URI.create(settings.baseUrl(request.repository()) + request.path());
        Optional<String> authorization = auth.preemptive(request);
        int answered = 0;
        int attempt = 1;
        while (true) {
            Response response;
            try {
                response = exchange(request, uri, authorization.orElse(null));
            } catch (IOException e) {
                if (attempt >= settings.maxAttempts()) {
                    throw request.unavailable(describe(e) + " (after " + attempt + " attempts)", null, e);
                }
                attempt = pause(request, attempt, Optional.empty(), describe(e));
                continue;
            }
            int status = response.status();
            if ((status == 401 || status == 403) && !response.fromRegistry()) {
                // A challenge from a redirect target is not the registry's: answering it would send the registry's
                // credentials (or a token fetched with them) to whatever realm a third party names.
                throw request.authFailed("HTTP " + status + " from another server after the registry redirected"
                        + " there; berth answers authentication challenges only from the registry itself");
            }
            if (status == 401 && answered < MAX_CHALLENGE_ANSWERS) {
                // a second answer only when the first was refused: a fresh token, or a credential helper's new secret
                // (the auth throws at once when it has nothing new to send)
                authorization = Optional.of(auth.answer(request,
                        Challenge.parseAll(response.headers().allValues("WWW-Authenticate")), authorization));
                answered++;
                continue;
            }
            if (status == 401 || status == 403) {
                throw request.authFailed(auth.refusal(request, authorization, status) + ErrorBody.detail(response.body()));
            }
            if (Retries.retryable(status)) {
                Optional<Duration> retryAfter = Retries.retryAfter(response.header("Retry-After").orElse(null), clock);
                if (attempt >= settings.maxAttempts()) {
                    throw request.unavailable("HTTP " + status + " after " + attempt + " attempts",
                            retryAfter.orElse(null), null);
                }
                attempt = pause(request, attempt, retryAfter, "HTTP " + status);
                continue;
            }
            return response;
        }
    }

    private int pause(RegistryRequest request, int attempt, Optional<Duration> retryAfter, String why) {
        Duration wait = retryAfter.orElseGet(() -> Retries.backoff(settings.backoff(), settings.maxWait(), attempt + 1));
        if (wait.compareTo(settings.maxWait()) > 0) {
            throw request.unavailable(why + " with Retry-After " + wait.toSeconds() + " s, longer than"
                    + " berth.registry.retry.max-wait", wait, null);
        }
        LOG.debugf("%s %s/%s: %s, attempt %d of %d, next in %d ms", request.method(), request.registry(),
                request.repoPath(), why, attempt, settings.maxAttempts(), wait.toMillis());
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw request.unavailable("interrupted while waiting to retry after " + why, null, e);
        }
        return attempt + 1;
    }

    private Response exchange(RegistryRequest request, URI first, String authorization)
            throws IOException {
        URI uri = first;
        String credentials = authorization;
        for (int hop = 0; ; hop++) {
            HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(settings.requestTimeout())
                    .method(request.method(), HttpRequest.BodyPublishers.noBody()).header("User-Agent", USER_AGENT);
            if (request.accept() != null) {
                builder.header("Accept", request.accept());
            }
            if (credentials != null) {
                builder.header("Authorization", credentials);
            }
            if (request.ifNoneMatch() != null && hop == 0) {
                builder.header("If-None-Match", request.ifNoneMatch());
            }
            String host = uri.getRawAuthority();
            pacer.before(host);
            HttpResponse<InputStream> response = send(request, builder.build());
            int status = response.statusCode();
            pacer.after(host, status, response.headers().firstValue("Retry-After").orElse(null));
            Optional<String> location = response.headers().firstValue("Location");
            try (InputStream body = response.body()) {
                if (isRedirect(status) && location.isPresent() && hop < MAX_REDIRECTS) {
                    URI next = redirect(request, uri, location.get());
                    if (!sameOrigin(uri, next)) {
                        credentials = null; // a pre-signed storage URL must not see the registry's credentials
                    }
                    uri = next;
                    continue;
                }
                byte[] bytes = request.method().equals("HEAD") ? new byte[0] : body.readNBytes((int) request.maxBytes() + 1);
                if (bytes.length > request.maxBytes()) {
                    throw request.protocolError("body larger than " + request.maxBytes() + " bytes");
                }
                return new Response(status, response.headers(), bytes, sameOrigin(first, uri));
            }
        }
    }

    private HttpResponse<InputStream> send(RegistryRequest request, HttpRequest httpRequest) throws IOException {
        try {
            return http.send(httpRequest, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw request.unavailable("interrupted", null, e);
        }
    }

    private URI redirect(RegistryRequest request, URI from, String location) {
        URI next;
        try {
            next = from.resolve(location);
        } catch (IllegalArgumentException e) {
            throw request.protocolError("redirect to an invalid location");
        }
        boolean https = "https".equalsIgnoreCase(next.getScheme());
        boolean insecure = "http".equalsIgnoreCase(next.getScheme()) && next.getHost() != null
                && (settings.isInsecure(next.getHost()) || settings.isInsecure(next.getRawAuthority()));
        if (!https && !insecure) {
            throw request.protocolError("redirect to " + next.getScheme() + "://" + next.getHost() + ", not HTTPS");
        }
        return next;
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && Objects.equals(a.getRawAuthority(), b.getRawAuthority());
    }

    /** A short description of a connection failure (many JDK exceptions have no message). */
    static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
