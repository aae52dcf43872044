package dev.berth.reconcile;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A health endpoint that answers for what the hosts really run, as an app would: {@code GET /<app>/<env>} is 500 when
 * any host root of that environment has a {@code current} release pinning a digest marked bad, else 200 "ok". Marking
 * a running digest bad is a release that degrades after its promotion; switching the hosts back heals it.
 */
final class ReleaseHealth implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, List<Path>> roots = new ConcurrentHashMap<>();
    private final Set<String> bad = ConcurrentHashMap.newKeySet();

    ReleaseHealth() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            boolean failing = roots.getOrDefault(path, List.of()).stream().anyMatch(this::runsBad);
            byte[] body = (failing ? "degraded" : "ok").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(failing ? 500 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    /** Serves {@code /<app>/<env>} from the host roots of that environment. */
    ReleaseHealth environment(String app, String env, List<Path> hostRoots) {
        roots.put("/" + app + "/" + env, hostRoots.stream().map(r -> r.resolve(app).resolve(env)).toList());
        return this;
    }

    String url(String app, String env) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + app + "/" + env;
    }

    /** From now on, a host running {@code digest} fails its checks. */
    void degrade(String digest) {
        bad.add(digest);
    }

    private boolean runsBad(Path envDir) {
        Path pin = envDir.resolve("current").resolve("compose.pin.yaml");
        try {
            String text = Files.exists(pin) ? Files.readString(pin) : "";
            return bad.stream().anyMatch(text::contains);
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
