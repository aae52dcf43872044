package dev.berth.host;

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
 * Runs the real {@code deploy/host/berth-agent} script with a chosen shell, a clean environment and a private
 * temporary folder for its output, the way berth's SSH transport will run it on a host.
 */
final class AgentRun {

    /** Exit status and output of one agent run. */
    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\nstdout: " + out + "\nstderr: " + err;
        }
    }

    private final String shell;
    private final Path work;
    private final Map<String, String> env = new HashMap<>();
    private final Map<Process, Path[]> outputs = new HashMap<>();

    AgentRun(String shell, Path work) {
        this.shell = shell;
        this.work = work;
        // Not the machine's PATH: /usr/local/bin may hold a berth-agent or a docker that the test did not put there.
        env.put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        env.put("HOME", work.toString());
        env.put("TMPDIR", work.toString());
        env.put("BERTH_AGENT_POLICY", "none"); // hermetic: not the machine's /etc/berth/agent-policy
    }

    static Path script() {
        Path script = Path.of("deploy", "host", "berth-agent").toAbsolutePath();
        if (!Files.isRegularFile(script)) {
            throw new IllegalStateException("agent script not found at " + script + " (run the tests from the project root)");
        }
        return script;
    }

    AgentRun env(String name, String value) {
        env.put(name, value);
        return this;
    }

    Result run(String... args) {
        return withStdin(null, args);
    }

    /** Runs with {@code stdin} as the agent's standard input (prepare reads compose.yaml from it). */
    Result withStdin(String stdin, String... args) {
        return await(start(stdin, args));
    }

    /** berth's forced-command mode: {@code --forced} with the client's command line in SSH_ORIGINAL_COMMAND. */
    Result forced(String originalCommand, String stdin) {
        env.put("SSH_ORIGINAL_COMMAND", originalCommand);
        try {
            return withStdin(stdin, "--forced");
        } finally {
            env.remove("SSH_ORIGINAL_COMMAND");
        }
    }

    Process start(String stdin, String... args) {
        List<String> command = new ArrayList<>(List.of(shell, script().toString()));
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile(work, "agent-", ".out");
            Path err = Files.createTempFile(work, "agent-", ".err");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().clear();
            builder.environment().putAll(env);
            Process process = builder.start();
            try (var in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                // the agent exited before reading its stdin (it refused the arguments): its result tells
            }
            outputs.put(process, new Path[] {out, err});
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        }
    }

    Result await(Process process) {
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("berth-agent did not finish within 120 s");
            }
            Path[] files = outputs.remove(process);
            return new Result(process.exitValue(), Files.readString(files[0]), Files.readString(files[1]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
