package dev.berth.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.berth.testing.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A JDK HTTP server in front of a real registry that forwards every request, and can misbehave on demand: answer
 * the next requests with an error status and {@code Retry-After}, drop the {@code Docker-Content-Digest} header, or
 * send a wrong one on GET. It records the method of every request it receives.
 */
final class RegistryFront implements AutoCloseable {

    private final String upstream;
    private final HttpServer server;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<String> methods = new CopyOnWriteArrayList<>();
    private final AtomicInteger failures = new AtomicInteger();
    private volatile int failStatus;
    private volatile String retryAfter;
    private volatile boolean dropDigest;
    private volatile String digestOnGet;
    private volatile String blobRedirect;

    RegistryFront(String upstreamUrl) {
        this.upstream = upstreamUrl;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", FreePorts.next()), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    /** The next {@code count} requests answer {@code status}, with {@code Retry-After: retryAfter} unless null. */
    RegistryFront failNext(int count, int status, String retryAfterValue) {
        failStatus = status;
        retryAfter = retryAfterValue;
        failures.set(count);
        return this;
    }

    /** Answers without {@code Docker-Content-Digest}. */
    RegistryFront dropDigest() {
        dropDigest = true;
        return this;
    }

    /** Answers GETs with this {@code Docker-Content-Digest} instead of the registry's. */
    RegistryFront digestOnGet(String digest) {
        digestOnGet = digest;
        return this;
    }

    /** Answers blob GETs with a 307 to the same path under {@code baseUrl} (as registries do to object storage). */
    RegistryFront redirectBlobsTo(String baseUrl) {
        blobRedirect = baseUrl;
        return this;
    }

    String host() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** The methods of the requests received, in order. */
    List<String> methods() {
        return List.copyOf(methods);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            methods.add(method);
            if (failures.getAndUpdate(n -> Math.max(n - 1, 0)) > 0) {
                if (retryAfter != null) {
                    exchange.getResponseHeaders().set("Retry-After", retryAfter);
                }
                exchange.sendResponseHeaders(failStatus, -1);
                return;
            }
            if (blobRedirect != null && method.equals("GET") && exchange.getRequestURI().getPath().contains("/blobs/")) {
                exchange.getResponseHeaders().set("Location", blobRedirect + exchange.getRequestURI().getPath());
                exchange.sendResponseHeaders(307, -1);
                return;
            }
            HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create(upstream + exchange.getRequestURI()))
                    .method(method, HttpRequest.BodyPublishers.noBody());
            for (String header : List.of("Accept", "Authorization")) {
                String value = exchange.getRequestHeaders().getFirst(header);
                if (value != null) {
                    forward.header(header, value);
                }
            }
            HttpResponse<byte[]> answer = http.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
            answer.headers().firstValue("Content-Type").ifPresent(v -> exchange.getResponseHeaders().set("Content-Type", v));
            answer.headers().firstValue("WWW-Authenticate").ifPresent(v -> exchange.getResponseHeaders().set("WWW-Authenticate", v));
            String digest = method.equals("GET") && digestOnGet != null ? digestOnGet
                    : dropDigest ? null : answer.headers().firstValue("Docker-Content-Digest").orElse(null);
            if (digest != null) {
                exchange.getResponseHeaders().set("Docker-Content-Digest", digest);
            }
            boolean noBody = method.equals("HEAD") || answer.body().length == 0;
            exchange.sendResponseHeaders(answer.statusCode(), noBody ? -1 : answer.body().length);
            if (!noBody) {
                exchange.getResponseBody().write(answer.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
