package dev.berth.promote;

import com.sun.net.httpserver.HttpServer;
import dev.berth.testing.FreePorts;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real HTTP server on a free loopback port standing for the health endpoints of many applications: every path
 * answers 200 "ok" unless a test set another status for it. Counts the requests it answered.
 */
public final class HealthServer implements AutoCloseable {

    private final int port = FreePorts.next();
    private final Map<String, Integer> statuses = new ConcurrentHashMap<>();
    private final AtomicLong answered = new AtomicLong();
    private final Map<String, java.util.concurrent.atomic.LongAdder> perPath = new ConcurrentHashMap<>();
    private final HttpServer server;
    private final ExecutorService threads;

    public HealthServer(int threads) {
        this.threads = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "health-server-" + port);
            t.setDaemon(true);
            return t;
        });
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            int status = statuses.getOrDefault(exchange.getRequestURI().getPath(), 200);
            byte[] body = (status == 200 ? "ok" : "failing").getBytes(StandardCharsets.UTF_8);
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
            answered.incrementAndGet();
            perPath.computeIfAbsent(exchange.getRequestURI().getPath(), p -> new java.util.concurrent.atomic.LongAdder())
                    .increment();
        });
        server.setExecutor(this.threads);
        server.start();
    }

    /** The URL of {@code path} on this server. */
    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** Answers {@code status} on {@code path} from now on. */
    public HealthServer status(String path, int status) {
        statuses.put(path, status);
        return this;
    }

    /** Requests answered per path so far. */
    public Map<String, Long> perPath() {
        Map<String, Long> out = new java.util.HashMap<>();
        perPath.forEach((path, n) -> out.put(path, n.sum()));
        return out;
    }

    public long answered() {
        return answered.get();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
