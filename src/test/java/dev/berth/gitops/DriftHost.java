package dev.berth.gitops;

import dev.berth.testing.HttpSink;
import dev.berth.testing.OpenSshServer;
import dev.berth.testing.SshKeys;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * A deploy host for drift tests: a real OpenSSH sshd on loopback whose only key runs the real host agent as forced
 * command, with a compose stand-in that prints {@code ps-<project>.json} for {@code ps} (no container engine
 * needed) and succeeds otherwise; plus a loopback HTTP sink that receives berth's Slack notifications. berth's
 * deploy key is the sshd's client key; drift checks run every 300 ms; deploy workers are off.
 */
public class DriftHost implements QuarkusTestResourceLifecycleManager {

    private static volatile OpenSshServer sshd;
    private static volatile HttpSink sink;
    private static volatile Path work;

    @Override
    public Map<String, String> start() {
        try {
            work = Files.createTempDirectory("berth-drift-");
            Path compose = work.resolve("bin/docker-compose-stub");
            Files.createDirectories(compose.getParent());
            Files.writeString(compose, """
                    #!/bin/sh
                    d='%s'
                    p=
                    prev=
                    for a in "$@"; do [ "$prev" = "-p" ] && p=$a; prev=$a; done
                    case " $* " in *" ps "*) if [ -f "$d/ps-$p.json" ]; then cat "$d/ps-$p.json"; fi ;; esac
                    exit 0
                    """.formatted(work));
            Files.setPosixFilePermissions(compose, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.createDirectories(work.resolve("root"));
            String agent = Path.of("deploy/host/berth-agent").toAbsolutePath().toString();
            sshd = new OpenSshServer();
            sshd.clearAuthorizedKeys().authorizeWithForcedCommand(SshKeys.publicKey(sshd.clientKey()),
                    "env BERTH_AGENT_POLICY=none BERTH_COMPOSE=" + compose + " " + agent + " --forced");
            sshd.start();
            sink = HttpSink.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("berth.ssh.private-key", sshd.clientKey().toString(),
                "berth.notify.sinks.drift.type", "slack",
                "berth.notify.sinks.drift.url", sink.url("/slack").toString(),
                "berth.notify.sinks.drift.min-interval", "10ms",
                "berth.state.drift-enabled", "true",
                "berth.state.drift-interval", "300ms",
                "berth.state.drift-tick", "100ms",
                "berth.deploy.enabled", "false");
    }

    @Override
    public void stop() {
        if (sshd != null) {
            sshd.stop();
        }
        if (sink != null) {
            sink.close();
        }
    }

    static OpenSshServer sshd() {
        return sshd;
    }

    static HttpSink sink() {
        return sink;
    }

    /** The host's releases root. */
    static Path root() {
        return work.resolve("root");
    }

    /** What the compose stand-in prints for {@code ps} of project {@code <app>-<env>}. */
    static void ps(String project, String json) {
        try {
            Files.writeString(work.resolve("ps-" + project + ".json"), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
