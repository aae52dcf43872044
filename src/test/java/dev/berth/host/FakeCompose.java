package dev.berth.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A recording stand-in for the compose command (no Docker engine can run here): each call appends
 * {@code cwd|argv} to {@code calls.log}; {@code ps} prints {@code ps.json}; it fails (exit 17) in the release
 * directory named in {@code fail-release}, and waits while a {@code block} file exists (after creating
 * {@code blocked}), so tests can hold an activation in flight.
 */
public final class FakeCompose {

    private final Path dir;
    private final Path command;

    /** {@code name} "podman-compose" makes the agent use its podman-compose handling. */
    public FakeCompose(Path dir, String name) {
        this.dir = dir;
        this.command = dir.resolve("bin").resolve(name);
        String script = """
                #!/bin/sh
                d='%s'
                printf '%%s|%%s\\n' "$(pwd -P)" "$*" >>"$d/calls.log"
                if [ -f "$d/podman-style" ]; then printf 'podman stop x_web_1\nexit code: 125\n'; fi
                case " $* " in *" ps "*) if [ -f "$d/ps.json" ]; then cat "$d/ps.json"; fi; exit 0 ;; esac
                if [ -f "$d/block" ]; then : >"$d/blocked"; while [ -f "$d/block" ]; do sleep 0.05; done; fi
                if [ -f "$d/fail-digest" ] && grep -q "$(cat "$d/fail-digest")" compose.pin.yaml 2>/dev/null; then
                  echo "fake compose: told to fail this digest" >&2
                  exit 17
                fi
                if [ -f "$d/fail-release" ] && [ "$(basename "$(pwd -P)")" = "$(cat "$d/fail-release")" ]; then
                  echo "fake compose: told to fail" >&2
                  if [ -f "$d/podman-style" ]; then printf 'podman run --name=x_web_1 -d img\nexit code: 125\n'; exit 0; fi
                  exit 17
                fi
                """.formatted(dir);
        try {
            Files.createDirectories(command.getParent());
            Files.writeString(command, script);
            Files.setPosixFilePermissions(command, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String command() {
        return command.toString();
    }

    /** Each call as {@code <release dir name>|<argv>}. */
    public List<String> calls() {
        Path log = dir.resolve("calls.log");
        try {
            return Files.exists(log) ? Files.readAllLines(log).stream()
                    .map(line -> line.substring(line.lastIndexOf('/', line.indexOf('|')) + 1)).toList() : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void failIn(String releaseId) {
        write("fail-release", releaseId);
    }

    /** Fail like podman-compose 1.0.3: exit 0, but print "exit code: 125" for the failed podman run. */
    void failPodmanStyle(String releaseId) {
        write("podman-style", "");
        failIn(releaseId);
    }

    /** Fail (exit 17) in any release whose compose.pin.yaml pins {@code digest}. */
    public void failDigest(String digest) {
        write("fail-digest", digest);
    }

    void psOutput(String json) {
        write("ps.json", json);
    }

    Path blockFile() {
        return dir.resolve("block");
    }

    Path blockedFile() {
        return dir.resolve("blocked");
    }

    void write(String name, String content) {
        try {
            Files.writeString(dir.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
