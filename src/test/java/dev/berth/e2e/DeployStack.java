package dev.berth.e2e;

import dev.berth.testing.DistributionRegistry;
import dev.berth.testing.FreePorts;
import dev.berth.testing.HttpSink;
import dev.berth.testing.OpenSshServer;
import dev.berth.testing.Podman;
import dev.berth.testing.SshKeys;
import dev.berth.testing.StateGit;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Everything a real deploy needs, on loopback: a Distribution registry that notifies berth, an OpenSSH "host" whose
 * deploy key runs the real host agent as forced command with podman-compose as its compose tool, and a state folder
 * repository (a bare Git repository over file://, committed to by "alice") with one app (staging and production on
 * the same host, ports from each environment's shared/.env). berth reads its apps from that repository and commits
 * its pins there; the tests change production by committing too.
 */
public class DeployStack implements QuarkusTestResourceLifecycleManager {

    /**
     * The app's name, unique per run: podman container and network names (`<app>-<env>_web_1`) are machine-wide, so
     * two runs of this test at once (parallel worktrees) must not share them.
     */
    static final String APP = "web" + Long.toString(Math.floorMod(System.nanoTime(), 1_679_616L), 36);
    static final String REPO = "acme/web";

    static DistributionRegistry registry;
    static HttpSink notifications;
    static OpenSshServer host;
    static Podman podman;
    static StateGit state;
    static Path work;
    static Path root;
    static int stagingPort;
    static int productionPort;
    static Path flags;

    @Override
    public Map<String, String> start() {
        // The registry starts once berth listens (startRegistry), on a port chosen now for the configuration.
        registry = new DistributionRegistry(FreePorts.next());
        podman = new Podman().insecureRegistry(registry.host());
        try {
            work = Files.createTempDirectory("berth-e2e-");
            root = Files.createDirectories(work.resolve("host-root"));
            state = new StateGit(Files.createDirectories(work.resolve("git")));
            host = new OpenSshServer();
            String env = podman.env().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(" "));
            String agent = Path.of("deploy/host/berth-agent").toAbsolutePath().toString();
            host.clearAuthorizedKeys().authorizeWithForcedCommand(SshKeys.publicKey(host.clientKey()),
                    "env BERTH_AGENT_POLICY=none BERTH_COMPOSE=podman-compose " + env + " " + agent + " --forced");
            host.start();
            stagingPort = FreePorts.next();
            productionPort = FreePorts.next();
            for (String e : new String[] {"staging", "production"}) {
                Path shared = Files.createDirectories(root.resolve(APP).resolve(e).resolve("shared"));
                // A runtime health switch per environment, mounted into the container: tests flip it to "fail".
                Path flags = Files.createDirectories(work.resolve("flags").resolve(e));
                Files.writeString(flags.resolve("health"), "ok\n");
                Files.writeString(shared.resolve(".env"), "WEB_PORT="
                        + (e.equals("staging") ? stagingPort : productionPort) + "\nFLAG_DIR=" + flags + "\n");
            }
            flags = work.resolve("flags");
            state.commit(Map.of("apps/" + APP + "/compose.yaml", composeYaml(), "apps/" + APP + "/app.yaml",
                    appYaml("10m")), "add app web");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> config = new HashMap<>();
        config.put("berth.state.repo", state.url());
        config.put("berth.state.dir", work.resolve("berth-checkout").toString());
        config.put("berth.state.poll-interval", "1s");
        config.put("berth.ssh.private-key", host.clientKey().toString());
        config.put("berth.registry.insecure-hosts", registry.host());
        notifications = HttpSink.start();
        config.put("berth.notify.sinks.ops.type", "webhook");
        config.put("berth.notify.sinks.ops.url", notifications.url().toString());
        config.put("berth.notify.sinks.ops.secret", "e2e-notification-secret");
        return config;
    }

    /** Starts the registry, notifying the berth under test on {@code berthPort}; idempotent. */
    static synchronized void startRegistry(int berthPort) {
        if (!registryStarted) {
            registry.notifying("http://127.0.0.1:" + berthPort + "/webhooks/distribution",
                    "Bearer test-distribution-token").start();
            registryStarted = true;
        }
    }

    private static boolean registryStarted;

    private static String composeYaml() {
        return """
                services:
                  web:
                    image: %s/%s:unpinned
                    ports:
                      - "127.0.0.1:${WEB_PORT}:8080"
                    volumes:
                      - "${FLAG_DIR}:/www/flag:ro"
                """.formatted(registry.host(), REPO);
    }

    /** app.yaml of the app, with production's rollback window. */
    static String appYaml(String productionRollbackWindow) {
        String hostEntry = """
                      - ssh: %s
                        hostKey: "%s"
                        root: %s
                """.formatted(host.address(), host.hostKeyFingerprint(), root);
        return """
                image: %s/%s
                services: [web]
                track:
                  semver: ">=1.0.0 <2.0.0"
                environments:
                  - name: staging
                    hosts:
                %s    checks:
                      - http: http://127.0.0.1:%d/health
                        via: host
                        expect: { status: 200, bodyContains: ok }
                    verify: { interval: 1s, passes: 2, failures: 2, window: 20s }
                    promote: auto
                  - name: production
                    hosts:
                %s    checks:
                      - http: http://127.0.0.1:%d/health
                        via: host
                        expect: { status: 200, bodyContains: ok }
                      - http: http://127.0.0.1:%d/flag/health
                        via: host
                        expect: { status: 200, bodyContains: ok }
                    verify: { interval: 1s, passes: 2, failures: 2, window: 20s }
                    approval: required
                    rollback: { window: %s, failures: 2 }
                """.formatted(registry.host(), REPO, hostEntry, stagingPort, hostEntry, productionPort,
                productionPort, productionRollbackWindow);
    }

    @Override
    public void stop() {
        if (podman != null) {
            podman.removeProject(APP + "-staging");
            podman.removeProject(APP + "-production");
            podman.close();
        }
        if (host != null) {
            host.close();
        }
        if (registry != null) {
            registry.close();
        }
        if (notifications != null) {
            notifications.close();
        }
        if (state != null) {
            state.close();
        }
    }
}
