package dev.berth.reconcile;

import dev.berth.host.FakeCompose;
import dev.berth.testing.DistributionRegistry;
import dev.berth.testing.HttpSink;
import dev.berth.testing.OpenSshServer;
import dev.berth.testing.SshKeys;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Real parts for the reconciler scenarios: a Distribution registry, one OpenSSH sshd per host whose deploy key runs
 * the real host agent as forced command through a wrapper that appends each command line to a file (so tests count
 * agent invocations), a recording compose stand-in per host, a health endpoint that answers for the release the hosts
 * run, and a loopback notification sink. Each scenario has its own app and hosts, so they do not disturb each other.
 */
public class ReconcileStack implements QuarkusTestResourceLifecycleManager {

    static DistributionRegistry registry;
    static HttpSink notifications;
    static ReleaseHealth health;
    static final Map<String, Host> HOSTS = new LinkedHashMap<>();
    static Path work;

    /** One deploy host: its sshd, compose stand-in, release root and the log of agent command lines. */
    record Host(String name, OpenSshServer sshd, FakeCompose compose, Path root, Path calls) {

        /** The agent command lines this host ran, oldest first. */
        List<String> agentCalls() {
            try {
                return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The release {@code current} points to for app/env, or null. */
        String current(String app, String env) {
            Path link = root.resolve(app).resolve(env).resolve("current");
            try {
                return Files.isSymbolicLink(link) ? Files.readSymbolicLink(link).getFileName().toString() : null;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String entry() {
            return "      - ssh: " + sshd.address() + "\n        hostKey: \"" + sshd.hostKeyFingerprint()
                    + "\"\n        root: " + root + "\n";
        }
    }

    static Host host(String name) {
        return HOSTS.get(name);
    }

    @Override
    public Map<String, String> start() {
        try {
            work = Files.createTempDirectory("berth-reconcile-");
            registry = new DistributionRegistry().start();
            notifications = HttpSink.start();
            health = new ReleaseHealth();
            String agent = Path.of("deploy/host/berth-agent").toAbsolutePath().toString();
            String clientKey = null;
            Path key = null;
            for (String name : List.of("once-a", "once-b", "twin-s", "twin-p", "lonely-a", "lonely-b", "mixed-a",
                    "mixed-b", "resume-a", "resume-b", "late-a")) {
                Path dir = Files.createDirectories(work.resolve(name));
                FakeCompose compose = new FakeCompose(Files.createDirectories(dir.resolve("compose")),
                        "docker-compose-fake");
                Path root = Files.createDirectories(dir.resolve("root"));
                Path calls = dir.resolve("agent-calls.log");
                Path wrapper = dir.resolve("agent-wrapper");
                Files.writeString(wrapper, """
                        #!/bin/sh
                        printf '%%s\\n' "$SSH_ORIGINAL_COMMAND" >>'%s'
                        BERTH_COMPOSE='%s' exec '%s' --forced
                        """.formatted(calls, compose.command(), agent));
                Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
                OpenSshServer sshd = new OpenSshServer();
                if (key == null) {
                    key = sshd.clientKey();
                    clientKey = SshKeys.publicKey(key);
                }
                sshd.clearAuthorizedKeys().authorizeWithForcedCommand(clientKey, wrapper.toString());
                HOSTS.put(name, new Host(name, sshd.start(), compose, root, calls));
            }
            health.environment("once", "staging", roots("once-a", "once-b"))
                    .environment("twin", "staging", roots("twin-s"))
                    .environment("twin", "production", roots("twin-p"))
                    .environment("lonely", "staging", roots("lonely-a", "lonely-b"))
                    .environment("mixed", "staging", roots("mixed-a", "mixed-b"));
            Path state = Files.createDirectories(work.resolve("state"));
            app(state, "once", """
                      - name: staging
                        hosts:
                    %s%s    checks:
                          - http: %s
                        verify: { interval: 1s, passes: 4, failures: 3, window: 60s }
                    """.formatted(host("once-a").entry(), host("once-b").entry(), health.url("once", "staging")));
            app(state, "twin", """
                      - name: staging
                        hosts:
                    %s    checks:
                          - http: %s
                        verify: { interval: 1s, passes: 1, failures: 2, window: 60s }
                        rollback: { window: 10m, failures: 2 }
                        promote: auto
                      - name: production
                        hosts:
                    %s    checks:
                          - http: %s
                        verify: { interval: 1s, passes: 1, failures: 2, window: 60s }
                        rollback: { window: 10m, failures: 2 }
                    """.formatted(host("twin-s").entry(), health.url("twin", "staging"), host("twin-p").entry(),
                    health.url("twin", "production")));
            app(state, "lonely", """
                      - name: staging
                        hosts:
                    %s%s    checks:
                          - http: %s
                        verify: { interval: 1s, passes: 1, failures: 2, window: 60s }
                        rollback: { window: 10m, failures: 2 }
                    """.formatted(host("lonely-a").entry(), host("lonely-b").entry(),
                    health.url("lonely", "staging")));
            app(state, "mixed", """
                      - name: staging
                        hosts:
                    %s%s    checks:
                          - http: %s
                        verify: { interval: 1s, passes: 1, failures: 2, window: 60s }
                    """.formatted(host("mixed-a").entry(), host("mixed-b").entry(), health.url("mixed", "staging")));
            app(state, "resume", """
                      - name: staging
                        hosts:
                    %s%s    checks: []
                    """.formatted(host("resume-a").entry(), host("resume-b").entry()));
            app(state, "late", """
                      - name: staging
                        hosts:
                    %s    checks: []
                    """.formatted(host("late-a").entry()));
            Map<String, String> config = new HashMap<>();
            config.put("berth.apps.dir", state.toString());
            config.put("berth.ssh.private-key", key.toString());
            config.put("berth.registry.insecure-hosts", registry.host());
            // Far shorter than any verification here: a pending stream entry would be claimed (and replayed) often.
            config.put("berth.deploy.claim-idle", "1s");
            config.put("berth.notify.sinks.ops.type", "webhook");
            config.put("berth.notify.sinks.ops.url", notifications.url().toString());
            config.put("berth.notify.sinks.ops.secret", "reconcile-notification-secret");
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> roots(String... names) {
        return java.util.Arrays.stream(names).map(n -> host(n).root()).toList();
    }

    private static void app(Path state, String name, String environments) throws IOException {
        Path dir = Files.createDirectories(state.resolve("apps").resolve(name));
        Files.writeString(dir.resolve("compose.yaml"), "services:\n  web:\n    image: " + registry.host() + "/acme/"
                + name + ":unpinned\n");
        Files.writeString(dir.resolve("app.yaml"), "image: " + registry.host() + "/acme/" + name
                + "\nservices: [web]\ntrack:\n  semver: \">=1.0.0 <2.0.0\"\nenvironments:\n" + environments);
    }

    @Override
    public void stop() {
        HOSTS.values().forEach(h -> h.sshd().close());
        HOSTS.clear();
        if (registry != null) {
            registry.close();
        }
        if (notifications != null) {
            notifications.close();
        }
        if (health != null) {
            health.close();
        }
    }
}
