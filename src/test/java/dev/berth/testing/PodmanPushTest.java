package dev.berth.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/** {@link Podman#push} to a real loopback {@code docker-registry} returns the digest the registry serves. */
@EnabledIf("dev.berth.testing.Podman#available")
class PodmanPushTest {

    @TempDir
    Path tmp;

    @Test
    void pushReturnsTheRegistrysDigest() throws Exception {
        int port = FreePorts.next();
        Path config = Files.writeString(tmp.resolve("config.yml"), """
                version: 0.1
                storage:
                  filesystem:
                    rootdirectory: %s
                http:
                  addr: 127.0.0.1:%d
                """.formatted(tmp.resolve("data"), port));
        Process registry = new ProcessBuilder("docker-registry", "serve", config.toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("registry.log").toFile()).start();
        String tag = "localhost/berth-test/push:" + port;
        try (Podman podman = new Podman().insecureRegistry("127.0.0.1:" + port)) {
            HttpClient http = HttpClient.newHttpClient();
            Poll.until(Duration.ofSeconds(20), "docker-registry on " + port, () -> get(http,
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2/"))).statusCode() == 200);
            try {
                BusyboxImage.httpd().file("/www/health", "ok\n").build(podman, tag);
                String digest = podman.push(tag, "127.0.0.1:" + port + "/acme/web:1");
                HttpResponse<String> head = get(http, HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + port + "/v2/acme/web/manifests/1"))
                        .header("Accept", "application/vnd.oci.image.manifest.v1+json, "
                                + "application/vnd.docker.distribution.manifest.v2+json"));
                assertEquals(digest, head.headers().firstValue("Docker-Content-Digest").orElseThrow());
            } finally {
                podman.removeImage(tag);
            }
        } finally {
            registry.destroy();
            registry.waitFor();
        }
    }

    private static HttpResponse<String> get(HttpClient http, HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
