package dev.berth.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.berth.testing.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A third party's server on loopback that would like a registry's credentials: every path but {@code /token} answers
 * 401 with a bearer challenge naming its own {@code /token} realm (or a basic challenge), and {@code /token} hands out
 * a token. It records every {@code Authorization} header it receives.
 */
final class CredentialCatcher implements AutoCloseable {

    private final HttpServer server;
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final boolean basic;

    CredentialCatcher(boolean basic) {
        this.basic = basic;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", FreePorts.next()), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    String host() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    String url() {
        return "http://" + host();
    }

    /** Every Authorization header value received, in order. */
    List<String> authorizations() {
        return List.copyOf(authorizations);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization != null) {
                authorizations.add(authorization);
            }
            if (exchange.getRequestURI().getPath().equals("/token")) {
                byte[] body = "{\"token\":\"caught\",\"expires_in\":300}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                return;
            }
            exchange.getResponseHeaders().set("WWW-Authenticate", basic ? "Basic realm=\"catcher\""
                    : "Bearer realm=\"" + url() + "/token\",service=\"catcher\"");
            exchange.sendResponseHeaders(401, -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
