package dev.berth.ship;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.testing.FreePorts;
import dev.berth.testing.Podman;
import dev.berth.testing.Poll;
import dev.berth.testing.SshKeys;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * The shipped stack, run for real after {@code package}: {@code bin/build-image} builds berth's and Redis's images
 * with podman (no Docker engine, no registry), and {@code deploy/docker-compose.yml} with a {@code .env} made from
 * {@code deploy/.env.example} starts them with podman-compose. berth must become ready (Redis reached with its
 * password over the internal network), answer the API, run as its own user on a read-only root filesystem, and Redis
 * must run with AOF on.
 */
@EnabledIf("dev.berth.testing.Podman#available")
class ShippedStackIT {

    private static final String BERTH_IMAGE = "localhost/berth:it";
    private static final String BERTH_REDIS_IMAGE = "localhost/berth-redis:it";
    private static final String PASSWORD = "it-redis-password-0123456789";
    private static final String VIEWER = "viewer-token-0123456789abcdef";

    @Test
    void composeStackStartsHardenedAndReady() throws Exception {
        try (Podman podman = new Podman()) {
            buildImages(podman);
            Path dir = Files.createTempDirectory("berth-stack-");
            String project = "berthit" + Long.toString(System.nanoTime() % 1_000_000, 36);
            int port = FreePorts.next();
            Files.copy(Path.of("deploy/docker-compose.yml"), dir.resolve("docker-compose.yml"));
            Files.writeString(dir.resolve(".env"), Files.readString(Path.of("deploy/.env.example"))
                    .replaceAll("(?m)^BERTH_IMAGE=.*$", "BERTH_IMAGE=" + BERTH_IMAGE)
                    .replaceAll("(?m)^BERTH_REDIS_IMAGE=.*$", "BERTH_REDIS_IMAGE=" + BERTH_REDIS_IMAGE)
                    .replaceAll("(?m)^BERTH_PORT=.*$", "BERTH_PORT=" + port)
                    .replaceAll("(?m)^BERTH_REDIS_PASSWORD=.*$", "BERTH_REDIS_PASSWORD=" + PASSWORD)
                    .replaceAll("(?m)^BERTH_API_TOKENS=.*$", "BERTH_API_TOKENS=" + VIEWER + ":viewer"));
            Path ssh = Files.createDirectories(dir.resolve("ssh"));
            Path key = SshKeys.generate(ssh.resolve("id_ed25519"));
            Files.writeString(ssh.resolve("known_hosts"), "");
            // The container's user (10001) reads the key through the read-only bind mount; a test key, so readable.
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
            try {
                podman.compose(dir, "-p", project, "up", "-d");
                String ready = Poll.value(Duration.ofSeconds(120), "berth in the stack to be ready",
                        () -> get(port, "/q/health/ready", null).filter(b -> b.startsWith("200 ")).orElse(null));
                assertTrue(ready.contains("\"UP\"") && ready.contains("PONG"), ready);
                assertEquals("200", get(port, "/api/v1/apps", VIEWER).orElseThrow().substring(0, 3));
                assertEquals("401", get(port, "/api/v1/apps", null).orElseThrow().substring(0, 3));

                String berth = project + "_berth_1";
                assertEquals("10001", podman.podman("exec", berth, "id", "-u").strip(), "berth runs as its user");
                assertThrows(IllegalStateException.class, () -> podman.podman("exec", berth, "sh", "-c",
                        "echo x > /opt/berth/probe"), "the root filesystem is read-only");
                podman.podman("exec", berth, "wget", "-q", "-O", "/dev/null",
                        "http://127.0.0.1:8080/q/health/ready");
                String aof = podman.podman("exec", project + "_redis_1", "redis-cli", "-a", PASSWORD,
                        "--no-auth-warning", "CONFIG", "GET", "appendonly");
                assertTrue(aof.contains("yes"), "Redis runs with AOF on: " + aof);
            } finally {
                try {
                    podman.compose(dir, "-p", project, "down", "-v");
                } catch (RuntimeException e) {
                    podman.removeProject(project);
                }
            }
        }
    }

    private static void buildImages(Podman podman) throws IOException, InterruptedException {
        Path log = Files.createTempFile("build-image-", ".log");
        ProcessBuilder builder = new ProcessBuilder("bin/build-image", "--skip-package", BERTH_IMAGE,
                BERTH_REDIS_IMAGE).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(podman.env());
        Process p = builder.start();
        boolean done = p.waitFor(5, TimeUnit.MINUTES);
        String output = Files.readString(log);
        Files.delete(log);
        assertTrue(done && p.exitValue() == 0, "bin/build-image failed: " + output);
    }

    private static java.util.Optional<String> get(int port, String path, String token) {
        try {
            HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(3));
            if (token != null) {
                r.header("Authorization", "Bearer " + token);
            }
            HttpResponse<String> res = HttpClient.newHttpClient().send(r.build(), HttpResponse.BodyHandlers.ofString());
            return java.util.Optional.of(res.statusCode() + " " + res.body());
        } catch (IOException e) {
            return java.util.Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.Optional.empty();
        }
    }
}
