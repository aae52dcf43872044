package dev.berth.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.berth.testing.FreePorts;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** check-http against a real loopback HTTP server, with each client the agent can use (curl, wget, busybox wget). */
class HostAgentHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TRICKY = "{\"error\":\"down\"}\n\ttab \\ back \u00e9t\u00e9 \u0001 end";
    private static HttpServer server;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/health", exchange -> reply(exchange, 200, "ok"));
        server.createContext("/broken", exchange -> reply(exchange, 500, TRICKY));
        server.createContext("/big", exchange -> reply(exchange, 200, "x".repeat(10_000)));
        server.start();
    }

    private static void reply(com.sun.net.httpserver.HttpExchange exchange, int status, String body) {
        try (exchange) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stopServer() {
        server.stop(0);
    }

    static Stream<Arguments> clients() {
        List<Arguments> out = new ArrayList<>();
        for (String shell : List.of("/bin/dash", "/bin/bash")) {
            for (String client : List.of("curl", "wget", "busybox")) {
                out.add(Arguments.of(shell, client));
            }
        }
        return out.stream();
    }

    private AgentRun agent(String shell, String client) {
        return new AgentRun(shell, tmp).env("BERTH_HTTP_CLIENT", client);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("clients")
    void reportsStatusLatencyAndBody(String shell, String client) throws Exception {
        AgentRun.Result ok = agent(shell, client).run("check-http", "--url", url("/health"), "--timeout", "5");
        assertEquals(0, ok.exit(), ok::toString);
        JsonNode health = JSON.readTree(ok.out());
        assertEquals(200, health.get("status").asInt());
        assertEquals("ok", health.get("body").asText());
        assertTrue(health.get("latencyMs").asLong() >= 0);

        AgentRun.Result big = agent(shell, client).run("check-http", "--url", url("/big?probe=1&x=%20"));
        assertEquals(4096, JSON.readTree(big.out()).get("body").asText().length(), big::toString);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("clients")
    void anHttpErrorIsAResultNotAFailure(String shell, String client) throws Exception {
        AgentRun.Result result = agent(shell, client).run("check-http", "--url", url("/broken"));
        assertEquals(0, result.exit(), result::toString);
        JsonNode broken = JSON.readTree(result.out());
        assertEquals(500, broken.get("status").asInt());
        if (!client.equals("busybox")) {
            assertEquals(TRICKY, broken.get("body").asText(), "body JSON-escaped, UTF-8 kept");
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("clients")
    void nothingAnsweringIsExit5(String shell, String client) {
        AgentRun.Result result = agent(shell, client)
                .run("check-http", "--url", "http://127.0.0.1:" + FreePorts.next() + "/health", "--timeout", "3");
        assertEquals(5, result.exit(), result::toString);
        assertTrue(result.err().contains("no answer"), result.err());
    }
}
