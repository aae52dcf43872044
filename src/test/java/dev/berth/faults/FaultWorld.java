package dev.berth.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.testing.BusyboxImage;
import dev.berth.testing.DistributionRegistry;
import dev.berth.testing.FreePorts;
import dev.berth.testing.OpenSshServer;
import dev.berth.testing.Podman;
import dev.berth.testing.RedisServer;
import dev.berth.testing.SshKeys;
import dev.berth.testing.StateGit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Everything the fault scenarios run against, real and on loopback: a redis-server with AOF on, one OpenSSH "host"
 * whose deploy key runs the real host agent (with podman-compose) through a wrapper that appends every invocation's
 * command line to a file, a Distribution registry whose notifications reach berth through a {@link WebhookRelay},
 * and a state repository (bare Git over file://) with one app of one environment. berth itself runs as
 * {@link BerthProcess} children made by {@link #berth(String)}; busy cores come from {@link #burnCores(int)}.
 */
final class FaultWorld implements AutoCloseable {

    static final String ENV = "staging";
    static final String REPO = "acme/web";
    /** The health switch of every environment, mounted into its containers at /www/flag: "ok" or "fail". */
    private static final String FLAG = "health";
    private static final ObjectMapper JSON = new ObjectMapper();

    final String app = "fw" + Long.toString(System.nanoTime() % 1_000_000, 36);
    final Path work;
    final RedisServer redis;
    final DistributionRegistry registry;
    final WebhookRelay relay = new WebhookRelay();
    final OpenSshServer host;
    final Podman podman;
    final StateGit state;
    final Path root;
    final Path agentCalls;
    final List<String> envs;
    private final Map<String, Integer> webPorts = new HashMap<>();
    private final Map<String, String> berthConfig = new HashMap<>();
    private final List<BerthProcess> berths = new ArrayList<>();
    private final List<Process> burners = new ArrayList<>();

    /**
     * @param verifyPasses passing check rounds (one a second) a deployment needs: how long verification lasts
     * @param tuning       extra berth configuration (claim-idle, lock TTL ...)
     */
    FaultWorld(int verifyPasses, Map<String, String> tuning) {
        this(List.of(ENV), verifyPasses, tuning);
    }

    /** A world whose app has {@code envs} in promotion order ({@code promote: auto} between them), on one host. */
    FaultWorld(List<String> envs, int verifyPasses, Map<String, String> tuning) {
        this.envs = List.copyOf(envs);
        try {
            work = Files.createTempDirectory("berth-faults-");
            redis = new RedisServer().start();
            registry = new DistributionRegistry();
            registry.notifying(relay.url("/webhooks/distribution"), "Bearer faults-distribution-token").start();
            podman = new Podman().insecureRegistry(registry.host());
            root = Files.createDirectories(work.resolve("host-root"));
            agentCalls = work.resolve("agent-calls.log");
            Files.writeString(agentCalls, "");
            host = new OpenSshServer();
            host.clearAuthorizedKeys().authorizeWithForcedCommand(SshKeys.publicKey(host.clientKey()),
                    countingWrapper().toString());
            host.start();
            for (String env : envs) {
                int port = FreePorts.next();
                webPorts.put(env, port);
                Path shared = Files.createDirectories(root.resolve(app).resolve(env).resolve("shared"));
                Path flags = Files.createDirectories(work.resolve("flags").resolve(env));
                Files.writeString(flags.resolve(FLAG), "ok\n");
                Files.writeString(shared.resolve(".env"), "WEB_PORT=" + port + "\nFLAG_DIR=" + flags + "\n");
            }
            state = new StateGit(Files.createDirectories(work.resolve("git")));
            state.commit(Map.of("apps/" + app + "/compose.yaml", composeYaml(), "apps/" + app + "/app.yaml",
                    appYaml(verifyPasses)), "add app " + app);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        berthConfig.put("quarkus.redis.hosts", redis.url());
        berthConfig.put("berth.state.repo", state.url());
        berthConfig.put("berth.state.poll-interval", "1s");
        berthConfig.put("berth.state.drift-enabled", "false");
        berthConfig.put("berth.ssh.private-key", host.clientKey().toString());
        berthConfig.put("berth.registry.insecure-hosts", registry.host());
        berthConfig.put("berth.webhooks.distribution.token", "Bearer faults-distribution-token");
        berthConfig.putAll(tuning);
    }

    /**
     * The forced command: log the time (ns since the epoch) and the client's command line, then run the real agent in
     * forced mode.
     */
    private Path countingWrapper() throws IOException {
        String env = podman.env().entrySet().stream().map(e -> e.getKey() + "='" + e.getValue() + "'")
                .collect(Collectors.joining(" "));
        String agent = Path.of("deploy/host/berth-agent").toAbsolutePath().toString();
        Path wrapper = work.resolve("counting-agent");
        Files.writeString(wrapper, "#!/bin/sh\n"
                + "printf '%s %s\\n' \"$(date +%s%N)\" \"$SSH_ORIGINAL_COMMAND\" >> '" + agentCalls + "'\n"
                + "exec env BERTH_COMPOSE=podman-compose " + env + " '" + agent + "' --forced\n");
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
        return wrapper;
    }

    private String composeYaml() {
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

    private String appYaml(int passes) {
        StringBuilder yaml = new StringBuilder("""
                image: %s/%s
                services: [web]
                track:
                  semver: ">=1.0.0 <2.0.0"
                environments:
                """.formatted(registry.host(), REPO));
        for (int i = 0; i < envs.size(); i++) {
            String env = envs.get(i);
            yaml.append("""
                      - name: %s
                        hosts:
                          - ssh: %s
                            hostKey: "%s"
                            root: %s
                        checks:
                          - http: http://127.0.0.1:%d/health
                            via: host
                            expect: { status: 200, bodyContains: ok }
                          - http: http://127.0.0.1:%d/flag/health
                            via: host
                            expect: { status: 200, bodyContains: ok }
                        verify: { interval: 1s, passes: %d, failures: 2, window: 90s }
                        rollback: { window: 30m, failures: 2 }
                    """.formatted(env, host.address(), host.hostKeyFingerprint(), root, webPorts.get(env),
                    webPorts.get(env), passes));
            if (i < envs.size() - 1) {
                yaml.append("    promote: auto\n");
            }
        }
        return yaml.toString();
    }

    /** Sets the health switch of {@code env}'s containers: "ok" passes the checks, anything else fails them. */
    void health(String env, String value) {
        try {
            Files.writeString(work.resolve("flags").resolve(env).resolve(FLAG), value + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new berth replica on this world (not started). */
    BerthProcess berth(String name) {
        BerthProcess b = new BerthProcess(name, work, berthConfig);
        berths.add(b);
        return b;
    }

    /** Builds a busybox httpd image answering {@code health} at /health and pushes it as {@code tag}. */
    String push(String tag, String health) {
        String local = "localhost/berth-faults/" + app + ":" + tag;
        BusyboxImage.httpd().file("/www/health", health).port(8080).build(podman, local);
        return podman.push(local, registry.host() + "/" + REPO + ":" + tag);
    }

    /** Every agent command line the host ran so far, in order, each after its start time (ns since the epoch). */
    List<String> agentCalls() {
        try {
            return Files.readAllLines(agentCalls).stream().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many times the agent was asked to activate {@code releaseId} on the host. */
    long activations(String releaseId) {
        return agentCalls().stream().filter(l -> l.contains(" activate ") && l.contains(releaseId)).count();
    }

    /** How many activations of any release the host ran. */
    long activations() {
        return agentCalls().stream().filter(l -> l.contains(" activate ")).count();
    }

    /** The release the host's {@code current} link points to, if any. */
    Optional<String> currentRelease() {
        return currentRelease(ENV);
    }

    /** The release {@code env}'s {@code current} link points to on the host, if any. */
    Optional<String> currentRelease(String env) {
        Path current = root.resolve(app).resolve(env).resolve("current");
        if (!Files.isSymbolicLink(current)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readSymbolicLink(current).getFileName().toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Release folders on the host (what the agent prepared). */
    List<String> releasesOnHost() {
        Path releases = root.resolve(app).resolve(ENV).resolve("releases");
        if (!Files.isDirectory(releases, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        try (var s = Files.list(releases)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code GET /api/v1/deployments?app=&env=} of {@code berth}, newest first. */
    List<JsonNode> deployments(BerthProcess berth) {
        return deployments(berth, ENV);
    }

    /** {@code GET /api/v1/deployments?app=&env=} of {@code berth} for {@code env}, newest first. */
    List<JsonNode> deployments(BerthProcess berth, String env) {
        String answer = berth.get("/api/v1/deployments?app=" + app + "&env=" + env + "&limit=500");
        if (!answer.startsWith("200 ")) {
            throw new IllegalStateException("deployments API answered " + answer);
        }
        try {
            JsonNode body = JSON.readTree(answer.substring(4));
            JsonNode list = body.isArray() ? body : body.path("deployments");
            List<JsonNode> out = new ArrayList<>();
            list.forEach(out::add);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code GET /api/v1/apps/{app}} of {@code berth}. */
    JsonNode appView(BerthProcess berth) {
        String answer = berth.get("/api/v1/apps/" + app);
        if (!answer.startsWith("200 ")) {
            throw new IllegalStateException("apps API answered " + answer);
        }
        try {
            return JSON.readTree(answer.substring(4));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The newest deployment record of {@code tag}, if berth has one. */
    Optional<JsonNode> deploymentOf(BerthProcess berth, String tag) {
        return deployments(berth).stream().filter(d -> tag.equals(d.path("tag").asText())).findFirst();
    }

    /** Starts {@code n} processes that spin a core each ({@code sh -c 'while :; do :; done'}), until close. */
    void burnCores(int n) {
        for (int i = 0; i < n; i++) {
            try {
                burners.add(new ProcessBuilder("sh", "-c", "while :; do :; done")
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start a busy loop", e);
            }
        }
    }

    @Override
    public void close() {
        berths.forEach(BerthProcess::kill);
        // Each by its own pid: the busy loops this world started, nothing else.
        burners.forEach(p -> p.toHandle().destroyForcibly());
        envs.forEach(env -> podman.removeProject(app + "-" + env));
        host.close();
        registry.close();
        relay.close();
        redis.stop();
        state.close();
        podman.close();
    }
}
