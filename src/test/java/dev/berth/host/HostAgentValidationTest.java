package dev.berth.host;

import static dev.berth.host.AgentFixture.release;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Hostile arguments are refused with exit 2 and a message naming the argument, before anything is written. */
class HostAgentValidationTest {

    private static final String LONG = "a".repeat(300);

    @TempDir
    Path tmp;

    /** command, option whose valid value is replaced (or appended when absent), hostile value. */
    static Stream<Arguments> hostile() {
        List<List<String>> cases = List.of(
                List.of("prepare", "--app", "web;touch pwned"), List.of("prepare", "--app", "$(touch pwned)"),
                List.of("prepare", "--app", "`touch pwned`"), List.of("prepare", "--app", "../web"),
                List.of("prepare", "--app", "Web"), List.of("prepare", "--app", LONG), List.of("prepare", "--app", ""),
                List.of("prepare", "--app", "-web"), List.of("prepare", "--env", "staging\nprod"),
                List.of("prepare", "--env", "stag ing"), List.of("prepare", "--release", "../../../etc"),
                List.of("prepare", "--release", "20250101T120000Z-abc"), List.of("prepare", "--release", ""),
                List.of("prepare", "--root", "relative/root"), List.of("prepare", "--root", "/tmp/../etc"),
                List.of("prepare", "--root", "/tmp/x;touch pwned"), List.of("prepare", "--root", "/" + LONG),
                List.of("prepare", "--root", ""), List.of("prepare", "--image", "web=localhost:5000/acme/web:latest"),
                List.of("prepare", "--image", "web=localhost:5000/acme/WEB@" + AgentFixture.DIGEST),
                List.of("prepare", "--image", "web=localhost:5000/acme/web@sha256:" + "AB".repeat(32)),
                List.of("prepare", "--image", "web=$(touch pwned)/web@" + AgentFixture.DIGEST),
                List.of("prepare", "--image", "web=localhost:5000/../web@" + AgentFixture.DIGEST),
                List.of("prepare", "--image", "Web=localhost:5000/acme/web@" + AgentFixture.DIGEST),
                List.of("prepare", "--image", "web=localhost:5000/acme/web@" + AgentFixture.DIGEST + ";id"),
                List.of("prepare", "--image", ""), List.of("activate", "--release", "`id`"),
                List.of("rollback", "--release", LONG), List.of("mark-good", "--release", "latest"),
                List.of("status", "--app", "web&&id"), List.of("prune", "--keep", "0"),
                List.of("prune", "--keep", "1000"), List.of("prune", "--keep", "1;id"), List.of("prune", "--keep", ""),
                List.of("check-http", "--url", "http://127.0.0.1:1/$(touch pwned)"),
                List.of("check-http", "--url", "file:///etc/passwd"), List.of("check-http", "--url", "http://x/a b"),
                List.of("check-http", "--url", "http://127.0.0.1/`id`"),
                List.of("check-http", "--url", "http://" + LONG + ".example/"),
                List.of("check-http", "--timeout", "0"), List.of("check-http", "--timeout", "5s"));
        List<Arguments> out = new ArrayList<>();
        for (String shell : List.of("/bin/dash", "/bin/bash")) {
            cases.forEach(c -> out.add(Arguments.of(shell, c.get(0), c.get(1), c.get(2))));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("hostile")
    void hostileValuesAreRefused(String shell, String command, String option, String value) throws Exception {
        AgentFixture f = new AgentFixture(shell, tmp);
        List<String> args = new ArrayList<>(validArgs(command, f.root));
        int at = args.indexOf(option);
        if (at >= 0) {
            args.set(at + 1, value);
        } else {
            args.addAll(List.of(option, value));
        }
        AgentRun.Result result = f.agent.withStdin(AgentFixture.COMPOSE_YAML, args.toArray(String[]::new));
        assertEquals(2, result.exit(), result::toString);
        assertTrue(result.err().contains(option), "message names " + option + ": " + result.err());
        try (Stream<Path> written = Files.list(f.root)) {
            assertEquals(List.of(), written.toList(), "nothing written");
        }
        assertTrue(f.compose.calls().isEmpty());
        assertTrue(Files.notExists(Path.of("pwned")) && Files.notExists(tmp.resolve("work/pwned")));
    }

    @BothShells
    void repeatedAndUnknownOptionsAreRefused(String shell) {
        AgentFixture f = new AgentFixture(shell, tmp);
        assertEquals(2, f.run("status", "--app", "web").exit());
        assertEquals(2, f.run("status", "--force", "yes").exit());
        assertEquals(2, f.run("status", "--keep").exit());
        assertEquals(2, f.agent.run("version", "extra").exit());
        assertEquals(2, f.agent.run("destroy").exit());
        assertEquals(2, f.agent.run().exit());
        assertEquals(2, f.agent.withStdin("", validArgs("prepare", f.root).toArray(String[]::new)).exit());
    }

    static List<String> validArgs(String command, Path root) {
        List<String> env = List.of("--root", root.toString(), "--app", "web", "--env", "staging");
        List<String> args = new ArrayList<>(List.of(command));
        switch (command) {
            case "check-http" -> args.addAll(List.of("--url", "http://127.0.0.1:1/health", "--timeout", "1"));
            case "prepare" -> {
                args.addAll(env);
                args.addAll(List.of("--release", release(1), "--image", AgentFixture.IMAGE));
            }
            case "prune" -> {
                args.addAll(env);
                args.addAll(List.of("--keep", "3"));
            }
            case "status" -> args.addAll(env);
            default -> {
                args.addAll(env);
                args.addAll(List.of("--release", release(1)));
            }
        }
        return args;
    }
}
