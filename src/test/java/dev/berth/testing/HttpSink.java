package dev.berth.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A real HTTP server on a free loopback port that records every request it receives (with its own monotonic receive
 * time) and answers from a script, for tests of anything that posts to webhooks.
 *
 * <pre>{@code
 * try (HttpSink sink = HttpSink.start()) {
 *     sink.script(2, Reply.status(429).header("Retry-After", "1")); // then the default reply, 200
 *     ... post to sink.url() ...
 *     List<HttpSink.Request> got = sink.await(3, Duration.ofSeconds(10));
 *     sink.down(); ... sink.up();                                    // refused connections, then the same port again
 * }
 * }</pre>
 */
public final class HttpSink implements AutoCloseable {

    private final int port = FreePorts.next();
    private final List<Request> requests = new ArrayList<>();
    private final Deque<Reply> script = new ArrayDeque<>();
    private Reply fallback = Reply.status(200).body("ok");
    private HttpServer server;

    private HttpSink() {
    }

    /** A started sink answering 200 "ok" to everything. */
    public static HttpSink start() {
        HttpSink sink = new HttpSink();
        sink.up();
        return sink;
    }

    /** One received request. Header names are lowercase; {@code rawTarget} is the request target as sent. */
    public record Request(String method, String path, Map<String, List<String>> headers, byte[] body,
            long receivedNanos, String rawTarget) {

        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** Time from {@code earlier}'s arrival to this one's, by the sink's own clock. */
        public Duration after(Request earlier) {
            return Duration.ofNanos(receivedNanos - earlier.receivedNanos);
        }
    }

    /** A scripted answer. */
    public record Reply(int status, Map<String, String> headers, String body) {

        public static Reply status(int status) {
            return new Reply(status, Map.of(), "");
        }

        public Reply header(String name, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put(name, value);
            return new Reply(status, h, body);
        }

        public Reply body(String text) {
            return new Reply(status, headers, text);
        }
    }

    /** The next {@code times} requests get {@code reply}, after anything scripted before. */
    public synchronized HttpSink script(int times, Reply reply) {
        for (int i = 0; i < times; i++) {
            script.add(reply);
        }
        return this;
    }

    /** The answer once the script is used up (200 "ok" unless changed). */
    public synchronized HttpSink otherwise(Reply reply) {
        fallback = reply;
        return this;
    }

    public URI url() {
        return url("/hook");
    }

    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Waits until at least {@code count} requests arrived and returns all of them. */
    public List<Request> await(int count, Duration timeout) {
        Poll.until(timeout, count + " request(s) at the HTTP sink", () -> requests().size() >= count);
        return requests();
    }

    /** Stops listening: connections are refused until {@link #up()}. */
    public synchronized void down() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    /** Listens (again) on the same port. */
    public synchronized void up() {
        if (server != null) {
            return;
        }
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on port " + port, e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    private void handle(HttpExchange exchange) throws IOException {
        long at = System.nanoTime();
        byte[] body = exchange.getRequestBody().readAllBytes();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
        Reply reply;
        synchronized (this) {
            requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers, body,
                    at, exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery())));
            reply = script.isEmpty() ? fallback : script.poll();
        }
        reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        byte[] out = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(reply.status(), out.length == 0 ? -1 : out.length);
        if (out.length > 0) {
            exchange.getResponseBody().write(out);
        }
        exchange.close();
    }

    @Override
    public void close() {
        down();
    }
}
