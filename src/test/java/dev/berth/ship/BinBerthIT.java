package dev.berth.ship;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.testing.FreePorts;
import dev.berth.testing.Poll;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code bin/berth} as a service manager or a script runs it, after {@code package}: started with its own ports,
 * data folder and HOME, it starts a local redis-server and berth; a TERM to the script's pid (what {@code kill <pid>}
 * and systemd send) must stop berth's Java process, then the Redis, and free the Redis port: nothing it started may
 * keep running.
 */
class BinBerthIT {

    private static final Duration START = Duration.ofMinutes(3);
    private static final Duration STOP = Duration.ofSeconds(60);

    @Test
    void termStopsBerthAndItsLocalRedis() throws Exception {
        Path work = Files.createTempDirectory("bin-berth-");
        int http = FreePorts.next();
        int redis = FreePorts.next();
        Path log = work.resolve("berth.log");
        ProcessBuilder builder = new ProcessBuilder("bin/berth").redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("BERTH_") || k.startsWith("QUARKUS_"));
        env.put("HOME", Files.createDirectories(work.resolve("home")).toString());
        env.put("BERTH_HTTP_PORT", Integer.toString(http));
        env.put("BERTH_LOCAL_REDIS_PORT", Integer.toString(redis));
        env.put("BERTH_DATA_DIR", work.resolve("data").toString());
        env.put("BERTH_NO_INSTALL", "1");
        Process script = builder.start();
        try {
            Poll.until(START, "bin/berth to answer /q/health/ready on port " + http + " (log " + log + ")",
                    () -> ready(http));
            List<ProcessHandle> children = script.children().toList();
            ProcessHandle java = child(children, "java");
            // Debian's redis-server is a link to redis-check-rdb, which is what the process's executable reads.
            ProcessHandle redisServer = child(children, "redis");
            assertTrue(Files.isRegularFile(work.resolve("data/redis/redis.log")), "Redis keeps its data in BERTH_DATA_DIR");

            script.destroy(); // SIGTERM to the script's pid, as `kill <pid>` sends

            assertTrue(script.waitFor(STOP.toSeconds(), TimeUnit.SECONDS), "bin/berth did not exit after TERM: "
                    + Files.readString(log));
            Poll.until(STOP, "berth's Java process (pid " + java.pid() + ") to end", () -> !java.isAlive());
            Poll.until(STOP, "redis-server (pid " + redisServer.pid() + ") to end", () -> !redisServer.isAlive());
            assertTrue(portFree(redis), "the local Redis port " + redis + " is free again");
            assertEquals(143, script.exitValue(), "exit status of a TERM-ed bin/berth: " + Files.readString(log));
            String output = Files.readString(log);
            assertTrue(output.contains("berth: stopping local redis-server"), output);
            assertFalse(output.contains("redis-server did not start"), output);
            assertFalse(output.contains("already registered"), "no duplicate-gauge WARN at start: " + output);
        } finally {
            script.descendants().forEach(ProcessHandle::destroyForcibly);
            script.destroyForcibly();
        }
    }

    private static ProcessHandle child(List<ProcessHandle> children, String command) {
        return children.stream()
                .filter(p -> p.info().command().map(c -> Path.of(c).getFileName().toString().startsWith(command))
                        .orElse(false))
                .findFirst().orElseThrow(() -> new AssertionError("bin/berth has no child process " + command + ": "
                        + children.stream().map(p -> p.pid() + " " + p.info().command().orElse("?")).toList()));
    }

    private static boolean ready(int port) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/q/health/ready")).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean portFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
