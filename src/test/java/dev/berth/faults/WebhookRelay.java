package dev.berth.faults;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * Stands between the registry and berth on loopback: forwards each notification to the berth {@link #target} names
 * now (the restarted one, or a surviving replica), answers the registry with berth's status (503 when no berth
 * answered, so the registry retries), and records every answer. A delivery berth answered 202 is an acknowledged
 * event: the scenarios check that each ends in a deployment record.
 */
final class WebhookRelay implements AutoCloseable {

    /** One forwarded delivery and what berth answered. */
    record Delivery(int status, String body) {
    }

    private final HttpServer server;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private volatile Supplier<String> target;

    WebhookRelay() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            int status = forward(exchange.getRequestURI().getPath(), body,
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("Content-Type"));
            deliveries.add(new Delivery(status, new String(body, java.nio.charset.StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(status, -1);
            try (OutputStream out = exchange.getResponseBody()) {
                out.flush();
            }
            exchange.close();
        });
        server.start();
    }

    /** Where deliveries go from now on: a base URL such as {@code http://127.0.0.1:8080}. */
    WebhookRelay target(Supplier<String> baseUrl) {
        this.target = baseUrl;
        return this;
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    private int forward(String path, byte[] body, String authorization, String contentType) {
        Supplier<String> t = target;
        if (t == null) {
            return 503;
        }
        try {
            HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(t.get() + path)).timeout(Duration.ofSeconds(5))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            if (authorization != null) {
                r.header("Authorization", authorization);
            }
            if (contentType != null) {
                r.header("Content-Type", contentType);
            }
            return http.send(r.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 503;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 503;
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
