package dev.berth.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The podman CLI (and podman-compose) with a project-owned {@code containers.conf} (runc, bounded ulimits) and,
 * when asked, a {@code registries.conf} that allows plain-HTTP loopback registries. Images live in podman's normal
 * storage; each test removes what it creates with {@link #removeProject} and {@link #removeImage}.
 */
public final class Podman implements AutoCloseable {

    private static final long TIMEOUT_SECONDS = 180;

    private final Path dir;
    private final Map<String, String> env = new HashMap<>();
    private final List<String> insecure = new ArrayList<>();

    public Podman() {
        try {
            dir = Files.createTempDirectory("berth-podman-");
            Path conf = Files.writeString(dir.resolve("containers.conf"), """
                    [engine]
                    runtime = "runc"
                    [containers]
                    default_ulimits = ["nofile=1024:1024", "nproc=1000:1000"]
                    """);
            env.put("CONTAINERS_CONF", conf.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True when podman and podman-compose are installed and {@code podman info} works here (for {@code @EnabledIf}). */
    public static boolean available() {
        if (!Files.isExecutable(Path.of("/usr/bin/podman")) || !Files.isExecutable(Path.of("/usr/bin/podman-compose"))) {
            return false;
        }
        try (Podman podman = new Podman()) {
            return podman.exec(List.of("podman", "info", "--format", "{{.Host.OCIRuntime.Name}}"), null).exit() == 0;
        }
    }

    /** Lets podman push to and pull from {@code host:port} over plain HTTP. */
    public Podman insecureRegistry(String hostPort) {
        insecure.add(hostPort);
        StringBuilder conf = new StringBuilder("unqualified-search-registries = []\n");
        for (String location : insecure) {
            conf.append("[[registry]]\nlocation = \"").append(location).append("\"\ninsecure = true\n");
        }
        try {
            env.put("CONTAINERS_REGISTRIES_CONF", Files.writeString(dir.resolve("registries.conf"), conf).toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Environment variables a child process (the host agent, podman-compose) needs to use this configuration. */
    public Map<String, String> env() {
        return Map.copyOf(env);
    }

    /** Runs {@code podman args...} and returns its standard output; fails with the output when it exits non-zero. */
    public String podman(String... args) {
        List<String> command = new ArrayList<>(List.of("podman"));
        command.addAll(List.of(args));
        return check(exec(command, null));
    }

    /** Runs {@code podman-compose args...} in {@code dir}. */
    public String compose(Path workDir, String... args) {
        List<String> command = new ArrayList<>(List.of("podman-compose"));
        command.addAll(List.of(args));
        return check(exec(command, workDir));
    }

    /** The manifest digest ({@code sha256:...}) of a local image. */
    public String digest(String reference) {
        return podman("image", "inspect", "--format", "{{.Digest}}", reference).strip();
    }

    /**
     * Pushes a local image to {@code destination} (e.g. {@code 127.0.0.1:5000/acme/web:1.0}; see
     * {@link #insecureRegistry}) and returns the digest of the manifest as the registry stores it. This can differ
     * from {@link #digest} of the local image (podman may convert the manifest), so pin what this returns.
     */
    public String push(String reference, String destination) {
        try {
            Path digestFile = dir.resolve("push-" + System.nanoTime() + ".digest");
            podman("push", "--tls-verify=false", "--digestfile", digestFile.toString(), reference, destination);
            String digest = Files.readString(digestFile).strip();
            Files.delete(digestFile);
            return digest;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes every container and the default network of a compose project, ignoring what is already gone. */
    public void removeProject(String project) {
        String ids = exec(List.of("podman", "ps", "-aq", "--filter", "label=io.podman.compose.project=" + project), null)
                .out().strip();
        if (!ids.isEmpty()) {
            List<String> rm = new ArrayList<>(List.of("podman", "rm", "-f", "-t", "0"));
            rm.addAll(List.of(ids.split("\\s+")));
            exec(rm, null);
        }
        exec(List.of("podman", "network", "rm", "-f", project + "_default"), null);
    }

    public void removeImage(String reference) {
        exec(List.of("podman", "rmi", "-f", reference), null);
    }

    record Run(int exit, String out) {
    }

    Run exec(List<String> command, Path workDir) {
        try {
            Path output = Files.createTempFile(dir, "podman-", ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            builder.environment().putAll(env);
            if (workDir != null) {
                builder.directory(workDir.toFile());
            }
            Process process = builder.start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
            String out = Files.readString(output, StandardCharsets.UTF_8);
            Files.delete(output);
            return new Run(process.exitValue(), out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }

    private static String check(Run run) {
        if (run.exit() != 0) {
            throw new IllegalStateException("podman failed (exit " + run.exit() + "): " + run.out());
        }
        return run.out();
    }

    @Override
    public void close() {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
