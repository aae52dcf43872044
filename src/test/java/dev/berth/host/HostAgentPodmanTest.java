package dev.berth.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.testing.BusyboxImage;
import dev.berth.testing.FreePorts;
import dev.berth.testing.Podman;
import dev.berth.testing.Poll;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent with the real podman-compose 1.0.3: a busybox httpd image pinned by digest serves behind a loopback
 * port taken from the environment's shared/.env; a release whose image cannot be found fails, and the agent puts
 * the working release back.
 */
@EnabledIf("dev.berth.testing.Podman#available")
class HostAgentPodmanTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COMPOSE = """
            services:
              web:
                image: localhost/berth-test/web:unpinned
                ports:
                  - "127.0.0.1:${WEB_PORT}:8080"
            """;

    @TempDir
    Path tmp;

    @Test
    void deploysServesAndSurvivesABrokenRelease() throws Exception {
        String env = "e" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        String project = "berthtest-" + env;
        String tag = "localhost/berth-test/web:" + env;
        int port = FreePorts.next();
        try (Podman podman = new Podman()) {
            try {
                String pinned = BusyboxImage.httpd().file("/www/health", "ok\n").build(podman, tag);
                Path root = Files.createDirectories(tmp.resolve("root"));
                AgentRun agent = new AgentRun("/bin/dash", Files.createDirectories(tmp.resolve("work")))
                        .env("BERTH_COMPOSE", "podman-compose");
                podman.env().forEach(agent::env);
                String[] where = {"--root", root.toString(), "--app", "berthtest", "--env", env};
                String good = AgentFixture.release(1);
                String broken = AgentFixture.release(2);
                ok(agent.withStdin(COMPOSE, args("prepare", where, "--release", good, "--image", "web=" + pinned)));
                ok(agent.withStdin(COMPOSE, args("prepare", where, "--release", broken,
                        "--image", "web=localhost/berth-test/web@sha256:" + "0".repeat(64))));
                Files.writeString(root.resolve("berthtest").resolve(env).resolve("shared/.env"), "WEB_PORT=" + port + "\n");

                ok(agent.run(args("activate", where, "--release", good)));
                String url = "http://127.0.0.1:" + port + "/health";
                awaitBody(url, "ok\n");
                JsonNode check = JSON.readTree(ok(agent.run("check-http", "--url", url)).out());
                assertEquals(200, check.get("status").asInt());
                assertEquals("ok\n", check.get("body").asText());
                JsonNode status = JSON.readTree(ok(agent.run(args("status", where))).out());
                assertEquals(good, status.get("current").asText(), status.toString());
                JsonNode web = status.get("services").get(0);
                assertEquals("web", web.get("service").asText(), status.toString());
                assertEquals("running", web.get("state").asText(), status.toString());
                assertEquals(pinned, web.get("image").asText());

                AgentRun.Result failed = agent.run(args("activate", where, "--release", broken));
                assertEquals(4, failed.exit(), failed::toString);
                assertTrue(failed.err().contains("current is back on " + good), failed.err());
                awaitBody(url, "ok\n");
            } finally {
                podman.removeProject(project);
                podman.removeImage(tag);
            }
        }
    }

    private static String[] args(String command, String[] where, String... more) {
        String[] all = new String[1 + where.length + more.length];
        all[0] = command;
        System.arraycopy(where, 0, all, 1, where.length);
        System.arraycopy(more, 0, all, 1 + where.length, more.length);
        return all;
    }

    private static AgentRun.Result ok(AgentRun.Result result) {
        assertEquals(0, result.exit(), () -> "agent failed: " + result);
        return result;
    }

    private static void awaitBody(String url, String expected) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build();
        Poll.until(Duration.ofSeconds(60), url + " answering " + expected.strip(), () -> {
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                return response.statusCode() == 200 && response.body().equals(expected);
            } catch (java.io.IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
    }
}
