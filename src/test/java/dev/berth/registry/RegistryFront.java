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
public final class RegistryFront implements AutoCloseable {

    /** One request the front received, when, and the status it answered. */
    public record Seen(String method, String pathAndQuery, java.time.Instant at, int status) {
    }

    private final String upstream;
    private final HttpServer server;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<String> methods = new CopyOnWriteArrayList<>();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final AtomicInteger failures = new AtomicInteger();
    private volatile int failStatus;
    private volatile String retryAfter;
    private volatile boolean dropDigest;
    private volatile String digestOnGet;
    private volatile String blobRedirect;
    private volatile boolean paginate;

    public RegistryFront(String upstreamUrl) {
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
    public RegistryFront failNext(int count, int status, String retryAfterValue) {
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

    /**
     * Pages tag listings as the distribution spec says (lexical order, {@code n} and {@code last}, a {@code Link}
     * header to the next page): Debian's Distribution 2.8 returns every tag in one answer and ignores {@code n}, while
     * Docker Hub, GHCR, Harbor and Distribution 3 page. The tags are the real registry's.
     */
    public RegistryFront paginateTags() {
        paginate = true;
        return this;
    }

    public String host() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Every request received, in order, with the status answered. */
    public List<Seen> seen() {
        return List.copyOf(seen);
    }

    /** The methods of the requests received, in order. */
    List<String> methods() {
        return List.copyOf(methods);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            methods.add(method);
            String target = exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
            java.time.Instant at = java.time.Instant.now();
            if (failures.getAndUpdate(n -> Math.max(n - 1, 0)) > 0) {
                seen.add(new Seen(method, target, at, failStatus));
                if (retryAfter != null) {
                    exchange.getResponseHeaders().set("Retry-After", retryAfter);
                }
                exchange.sendResponseHeaders(failStatus, -1);
                return;
            }
            if (blobRedirect != null && method.equals("GET") && exchange.getRequestURI().getPath().contains("/blobs/")) {
                seen.add(new Seen(method, target, at, 307));
                exchange.getResponseHeaders().set("Location", blobRedirect + exchange.getRequestURI().getPath());
                exchange.sendResponseHeaders(307, -1);
                return;
            }
            HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create(upstream + exchange.getRequestURI()))
                    .method(method, HttpRequest.BodyPublishers.noBody());
            for (String header : List.of("Accept", "Authorization", "If-None-Match")) {
                String value = exchange.getRequestHeaders().getFirst(header);
                if (value != null) {
                    forward.header(header, value);
                }
            }
            HttpResponse<byte[]> answer = http.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (paginate && method.equals("GET") && exchange.getRequestURI().getPath().endsWith("/tags/list")
                    && answer.statusCode() == 200) {
                seen.add(new Seen(method, target, at, 200));
                page(exchange, answer.body());
                return;
            }
            answer.headers().firstValue("Content-Type").ifPresent(v -> exchange.getResponseHeaders().set("Content-Type", v));
            for (String header : List.of("WWW-Authenticate", "Link", "ETag")) {
                answer.headers().firstValue(header).ifPresent(v -> exchange.getResponseHeaders().set(header, v));
            }
            seen.add(new Seen(method, target, at, answer.statusCode()));
            String digest = method.equals("GET") && digestOnGet != null ? digestOnGet
                    : dropDigest ? null : answer.headers().firstValue("Docker-Content-Digest").orElse(null);
            if (digest != null) {
                exchange.getResponseHeaders().set("Docker-Content-Digest", digest);
            }
            boolean noBody = method.equals("HEAD") || answer.body().length == 0 || answer.statusCode() == 304;
            exchange.sendResponseHeaders(answer.statusCode(), noBody ? -1 : answer.body().length);
            if (!noBody) {
                exchange.getResponseBody().write(answer.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void page(HttpExchange exchange, byte[] all) throws IOException {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.JsonNode body = json.readTree(all);
        java.util.List<String> tags = new java.util.ArrayList<>();
        body.path("tags").forEach(t -> tags.add(t.asText()));
        java.util.Collections.sort(tags);
        java.util.Map<String, String> query = new java.util.HashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        for (String pair : raw == null ? new String[0] : raw.split("&")) {
            int eq = pair.indexOf('=');
            query.put(pair.substring(0, Math.max(eq, 0)), java.net.URLDecoder.decode(pair.substring(eq + 1),
                    java.nio.charset.StandardCharsets.UTF_8));
        }
        int n = query.containsKey("n") ? Integer.parseInt(query.get("n")) : tags.size();
        String last = query.get("last");
        java.util.List<String> after = last == null ? tags : tags.stream().filter(t -> t.compareTo(last) > 0).toList();
        java.util.List<String> pageTags = after.subList(0, Math.min(n, after.size()));
        if (pageTags.size() < after.size()) {
            exchange.getResponseHeaders().set("Link", "<" + exchange.getRequestURI().getPath() + "?n=" + n + "&last="
                    + java.net.URLEncoder.encode(pageTags.get(pageTags.size() - 1), java.nio.charset.StandardCharsets.UTF_8)
                    + ">; rel=\"next\"");
        }
        byte[] out = json.writeValueAsBytes(java.util.Map.of("name", body.path("name").asText(), "tags", pageTags));
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, out.length);
        exchange.getResponseBody().write(out);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
