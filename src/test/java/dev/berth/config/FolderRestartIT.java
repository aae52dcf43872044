package dev.berth.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.testing.FreePorts;
import dev.berth.testing.Poll;
import dev.berth.testing.RedisServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Folder mode ({@code berth.apps.dir}) across restarts of the packaged berth over the same real Redis: an app whose
 * app.yaml gets a typo while berth is stopped keeps its last valid definition at the next start, and the refusal is
 * visible in the API ({@code configError}) and in the readiness detail; an app whose folder is removed is gone.
 */
class FolderRestartIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "viewer-token-folder-restart-0123";
    private static final String APP_YAML = """
            image: registry.example.com/acme/hello
            services: [web]
            track: { semver: ">=1.0.0" }
            environments:
              - name: staging
                hosts: [{ ssh: "deploy@127.0.0.1:22" }]
            """;

    @Test
    void aTypoAtRestartKeepsTheLastValidDefinitionAndSaysSo() throws Exception {
        Path state = Files.createTempDirectory("folder-restart-");
        Path app = Files.createDirectories(state.resolve("apps/hello"));
        Files.writeString(app.resolve("compose.yaml"), "services:\n  web:\n    image: x\n");
        Files.writeString(app.resolve("app.yaml"), APP_YAML);
        try (RedisServer redis = new RedisServer().start()) {
            int port = FreePorts.next();
            try (Berth berth = Berth.start(port, redis, state)) {
                JsonNode hello = berth.json("/api/v1/apps/hello");
                assertEquals("registry.example.com/acme/hello", hello.get("image").asText());
                assertTrue(hello.get("configError").isNull(), hello.toString());
            }

            // A typo while berth is stopped: the next start refuses the folder and keeps the last valid definition.
            Files.writeString(app.resolve("app.yaml"), APP_YAML.replace("services:", "servces:"));
            try (Berth berth = Berth.start(port, redis, state)) {
                JsonNode hello = berth.json("/api/v1/apps/hello");
                assertEquals("registry.example.com/acme/hello", hello.get("image").asText(), hello.toString());
                assertEquals("staging", hello.get("environments").get(0).get("name").asText());
                String error = hello.get("configError").asText();
                assertTrue(error.contains("apps/hello/app.yaml") && error.contains("servces"), error);
                assertTrue(error.contains("last valid definition"), error);
                assertEquals(1, berth.json("/api/v1/apps").size(), "the app is listed");
                JsonNode ready = berth.json("/q/health/ready");
                assertEquals("UP", ready.get("status").asText(), ready.toString());
                JsonNode check = checkNamed(ready, "berth app definitions");
                assertEquals(1, check.get("data").get("refused").asInt(), check.toString());
                assertTrue(check.get("data").get("apps/hello").asText().contains("apps/hello/app.yaml"),
                        check.toString());
            }

            // Fixed, then the folder removed: the app is gone at the next start.
            Files.writeString(app.resolve("app.yaml"), APP_YAML);
            try (Berth berth = Berth.start(port, redis, state)) {
                assertNull(berth.json("/api/v1/apps/hello").get("configError").textValue());
            }
            Files.delete(app.resolve("app.yaml"));
            Files.delete(app.resolve("compose.yaml"));
            Files.delete(app);
            try (Berth berth = Berth.start(port, redis, state)) {
                assertEquals(404, berth.status("/api/v1/apps/hello"));
                assertEquals(0, berth.json("/api/v1/apps").size());
            }
        }
    }

    private static JsonNode checkNamed(JsonNode ready, String name) {
        for (JsonNode c : ready.get("checks")) {
            if (name.equals(c.get("name").asText())) {
                return c;
            }
        }
        throw new AssertionError("no readiness check '" + name + "': " + ready);
    }

    /** The packaged berth (target/quarkus-app) as a process of its own. */
    private record Berth(Process process, int port, Path log) implements AutoCloseable {

        static Berth start(int port, RedisServer redis, Path state) throws IOException {
            Path log = Files.createTempFile("folder-restart-berth-", ".log");
            ProcessBuilder b = new ProcessBuilder("java", "-jar", "target/quarkus-app/quarkus-run.jar")
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            Map<String, String> env = b.environment();
            env.keySet().removeIf(k -> k.startsWith("BERTH_") || k.startsWith("QUARKUS_"));
            env.put("BERTH_HTTP_PORT", Integer.toString(port));
            env.put("BERTH_REDIS_URL", redis.url());
            env.put("BERTH_APPS_DIR", state.toString());
            env.put("BERTH_API_TOKENS", TOKEN + ":viewer");
            Berth berth = new Berth(b.start(), port, log);
            Poll.until(Duration.ofMinutes(2), "berth on port " + port + " to be ready (log " + log + ")",
                    () -> berth.status("/q/health/ready") == 200);
            return berth;
        }

        int status(String path) {
            return send(path).statusCode();
        }

        JsonNode json(String path) throws IOException {
            HttpResponse<String> r = send(path);
            assertEquals(200, r.statusCode(), path + ": " + r.body());
            return JSON.readTree(r.body());
        }

        private HttpResponse<String> send(String path) {
            try {
                return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + path)).header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
