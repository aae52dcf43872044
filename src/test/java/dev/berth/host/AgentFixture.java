package dev.berth.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A temporary host root, a recording compose command and the agent run against them, for one test and shell. */
final class AgentFixture {

    static final String COMPOSE_YAML = "services:\n  web:\n    image: localhost:5000/acme/web:latest\n";
    static final String DIGEST = "sha256:" + "ab".repeat(32);
    static final String IMAGE = "web=localhost:5000/acme/web@" + DIGEST;

    final Path root;
    final Path envDir;
    final FakeCompose compose;
    final AgentRun agent;

    AgentFixture(String shell, Path tmp) {
        this(shell, tmp, "fake-compose");
    }

    AgentFixture(String shell, Path tmp, String composeName) {
        try {
            this.root = Files.createDirectories(tmp.resolve("root"));
            Path work = Files.createDirectories(tmp.resolve("work"));
            this.envDir = root.resolve("web").resolve("staging");
            this.compose = new FakeCompose(work, composeName);
            this.agent = new AgentRun(shell, work).env("BERTH_COMPOSE", compose.command());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The n-th release id (1-based), in time order. */
    static String release(int n) {
        return "2025010%dT120000Z-%012x".formatted(n, n);
    }

    AgentRun.Result run(String command, String... more) {
        String[] args = new String[more.length + 7];
        args[0] = command;
        System.arraycopy(new String[] {"--root", root.toString(), "--app", "web", "--env", "staging"}, 0, args, 1, 6);
        System.arraycopy(more, 0, args, 7, more.length);
        return agent.run(args);
    }

    AgentRun.Result prepare(String release) {
        return agent.withStdin(COMPOSE_YAML, "prepare", "--root", root.toString(), "--app", "web", "--env", "staging",
                "--release", release, "--image", IMAGE);
    }

    AgentRun.Result ok(AgentRun.Result result) {
        assertEquals(0, result.exit(), () -> "agent failed: " + result);
        return result;
    }

    void prepared(int... releases) {
        for (int n : releases) {
            ok(prepare(release(n)));
        }
    }

    String current() {
        try {
            return Files.readSymbolicLink(envDir.resolve("current")).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String file(String name) {
        Path file = envDir.resolve(name);
        try {
            return Files.exists(file) ? Files.readString(file).strip() : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
