package dev.berth.faults;

import dev.berth.testing.FreePorts;
import dev.berth.testing.Poll;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * berth as a real child process: the packaged application ({@code target/quarkus-app/quarkus-run.jar}, built by
 * {@code package} before the integration tests run) with its own HTTP port, its own state checkout and the
 * configuration it is given, logging to a file. {@link #kill()} is SIGKILL on this child's pid, nothing else;
 * {@link #start()} again starts a new process with the same port and configuration, as a supervisor would.
 */
final class BerthProcess implements AutoCloseable {

    static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    static final String VIEWER = "faults-viewer-token-0123456789";
    static final String DEPLOYER = "faults-deployer-token-0123456789";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final int port;
    private final Path dir;
    private final Map<String, String> config = new TreeMap<>();
    private Process process;
    private int starts;

    BerthProcess(String name, Path work, Map<String, String> config) {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: integration tests run after "
                    + "`./mvnw package` (use `./mvnw verify`)");
        }
        this.name = name;
        this.port = FreePorts.next();
        try {
            this.dir = Files.createDirectories(work.resolve("berth-" + name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.config.putAll(config);
        this.config.put("quarkus.http.host", "127.0.0.1");
        this.config.put("quarkus.http.port", Integer.toString(port));
        this.config.put("berth.state.dir", dir.resolve("state-checkout").toString());
        this.config.put("berth.api.tokens", VIEWER + ":viewer," + DEPLOYER + ":deployer");
    }

    /** Starts the process and waits until it is ready (Redis reached, HTTP answering). */
    synchronized BerthProcess start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("berth " + name + " is already running as pid " + process.pid());
        }
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx256m", "-XX:TieredStopAtLevel=1"));
        config.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("-jar", JAR.toAbsolutePath().toString()));
        starts++;
        // Its own working directory: Quarkus reads .env and config/application.properties from there, and a
        // developer's .env beside the README must not configure the berth under test.
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
        // Hermetic: no inherited BERTH_* or QUARKUS_* variables from the machine can change this berth.
        builder.environment().keySet().removeIf(k -> k.startsWith("BERTH_") || k.startsWith("QUARKUS_"));
        builder.environment().put("HOME", dir.toString());
        try {
            appendLog("\n===== start " + starts + " of berth " + name + " on port " + port + " =====\n");
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start berth " + name, e);
        }
        Poll.until(Duration.ofMinutes(3), "berth " + name + " to be ready on port " + port, () -> {
            if (!process.isAlive()) {
                throw new AssertionError("berth " + name + " exited with " + process.exitValue() + ": " + tail());
            }
            return get("/q/health/ready").startsWith("200 ");
        });
        return this;
    }

    /** SIGKILL to this child's pid, and waits until it is gone. */
    synchronized void kill() {
        if (process == null || !process.isAlive()) {
            return;
        }
        ProcessHandle handle = process.toHandle();
        handle.destroyForcibly();
        handle.onExit().join();
        appendLog("\n===== berth " + name + " (pid " + handle.pid() + ") killed with SIGKILL =====\n");
    }

    /** The pid of the running process (-1 when none). */
    long pid() {
        return process == null ? -1 : process.pid();
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    int port() {
        return port;
    }

    String name() {
        return name;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** {@code <status> <body>} of a GET with the viewer token, or {@code "000 <why>"} when nothing answered. */
    String get(String path) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url() + path))
                    .header("Authorization", "Bearer " + VIEWER).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() + " " + r.body();
        } catch (IOException e) {
            return "000 " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "000 interrupted";
        }
    }

    Path log() {
        return dir.resolve("berth.log");
    }

    /** The last lines berth logged, for failure messages. */
    String tail() {
        try {
            List<String> lines = Files.readAllLines(log());
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private void appendLog(String line) {
        try {
            Files.writeString(log(), line, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @Override
    public void close() {
        kill();
    }
}
