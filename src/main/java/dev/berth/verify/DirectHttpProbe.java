package dev.berth.verify;

import dev.berth.config.HttpCheck;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs an HTTP check from berth itself ({@code via: direct}) with the JDK client over HTTP/1.1: the configured method
 * and request headers, redirects not followed, at most {@link #MAX_BODY} bytes of body kept, the whole exchange
 * (connect, headers, body) bounded by the check's timeout. An answer with any status is evaluated; no answer at all
 * is a failure of the application ("no answer"), not a checker error.
 */
final class DirectHttpProbe {

    /** Body bytes kept for bodyContains/bodyRegex/jsonPointer; the rest of a large body is not read. */
    static final int MAX_BODY = 64 * 1024;

    private final HttpClient client;

    DirectHttpProbe(HttpClient client) {
        this.client = client;
    }

    /** A client for direct checks: HTTP/1.1, no redirects, no proxy. */
    static HttpClient defaultClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).proxy(HttpClient.Builder.NO_PROXY)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** @return empty when the check passes, else what failed */
    Optional<String> run(HttpCheck check) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(check.url())).timeout(check.timeout())
                .method(check.method(), HttpRequest.BodyPublishers.noBody());
        check.headers().forEach((name, value) -> {
            try {
                request.header(name, value);
            } catch (IllegalArgumentException e) {
                throw new CheckerError("request header " + name + " cannot be sent by berth's HTTP client ("
                        + e.getMessage() + "); probe the name the header would select instead");
            }
        });
        long start = System.nanoTime();
        CompletableFuture<HttpResponse<byte[]>> pending =
                client.sendAsync(request.build(), info -> LimitedBody.of(MAX_BODY));
        HttpResponse<byte[]> response;
        try {
            response = pending.get(check.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            return Optional.of("no answer within " + check.timeout().toMillis() + " ms");
        } catch (ExecutionException e) {
            return Optional.of("no answer: " + reason(e.getCause()));
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while probing " + check.url(), e);
        }
        Duration latency = Duration.ofNanos(System.nanoTime() - start);
        String body = new String(response.body(), StandardCharsets.UTF_8);
        return HttpExpectations.evaluate(check.expect(), response.statusCode(), body, latency,
                response.headers().map());
    }

    private static String reason(Throwable e) {
        if (e instanceof HttpConnectTimeoutException) {
            return "connect timed out";
        }
        if (e instanceof HttpTimeoutException) {
            return "timed out";
        }
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        if (e instanceof IOException && e.getMessage() != null) {
            return e.getClass().getSimpleName() + ": " + dev.berth.domain.Printable.clip(e.getMessage());
        }
        return e.getClass().getSimpleName();
    }
}
