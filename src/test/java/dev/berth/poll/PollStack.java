package dev.berth.poll;

import dev.berth.registry.RegistryFront;
import dev.berth.testing.DistributionRegistry;
import dev.berth.testing.FreePorts;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * A real Distribution registry with notifications off that requires an htpasswd account, reached by berth through
 * three recording fronts (the first pages tag listings with {@code Link} as the distribution spec says, which
 * Debian's Distribution 2.8 does not) (each its own registry host, so its own poll lane): {@code front} with the account from a
 * credential-helper script whose answer is assumed to last 2 s, {@code slowFront} with a static account (the 429
 * test), and {@code lockedFront} whose helper fails after printing the secret. Apps poll every second; {@code netted}
 * has no {@code track.poll} and is polled by the 1 s safety net. Deploy workers run, towards a host that does not
 * answer: the tests count deployment records, not finished deploys.
 */
public class PollStack implements QuarkusTestResourceLifecycleManager {

    static final String USER = "poller";
    static final String SECRET = "poll-helper-s3cret-5b1e9c";

    static DistributionRegistry registry;
    static RegistryFront front;
    static RegistryFront slowFront;
    static RegistryFront lockedFront;
    static Path helperCalls;

    @Override
    public Map<String, String> start() {
        try {
            Path dir = Files.createTempDirectory("berth-poll-");
            Path htpasswd = dir.resolve("htpasswd");
            Process p = new ProcessBuilder("htpasswd", "-Bbn", USER, SECRET).redirectOutput(htpasswd.toFile()).start();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("htpasswd failed: install apache2-utils (bin/install-deps)");
            }
            registry = new DistributionRegistry()
                    .withConfig("auth:\n  htpasswd:\n    realm: berth-test\n    path: " + htpasswd + "\n")
                    .pushingAs("Basic " + Base64.getEncoder().encodeToString((USER + ":" + SECRET)
                            .getBytes(StandardCharsets.UTF_8))).start();
            front = new RegistryFront(registry.url()).paginateTags();
            slowFront = new RegistryFront(registry.url());
            lockedFront = new RegistryFront(registry.url());
            helperCalls = dir.resolve("helper.calls");
            Path helper = script(dir, "docker-credential-berth-poll-test", "url=$(cat); printf '%s\\n' \"$url\" >> "
                    + helperCalls + "\necho '{\"ServerURL\":\"'\"$url\"'\",\"Username\":\"" + USER + "\",\"Secret\":\""
                    + SECRET + "\"}'\n");
            Path failing = script(dir, "docker-credential-berth-poll-failing", "cat >/dev/null\necho '{\"Username\":\""
                    + USER + "\",\"Secret\":\"" + SECRET + "\"}'\necho 'error getting credentials: session expired' >&2\n"
                    + "exit 1\n");

            Path root = dir.resolve("state");
            app(root, "semver", front, "acme/semver", "{ semver: \">=1.0.0\", poll: 1s }");
            app(root, "floating", front, "acme/floating", "{ tag: latest, poll: 1s }");
            app(root, "paged", front, "acme/paged", "{ semver: \"*\", poll: 1s }");
            app(root, "hooked", front, "acme/hooked", "{ semver: \">=1.0.0\", poll: 1s }");
            app(root, "netted", front, "acme/netted", "{ semver: \">=1.0.0\" }");
            app(root, "slow", slowFront, "acme/slow", "{ semver: \">=1.0.0\", poll: 1s }");
            app(root, "locked", lockedFront, "acme/locked", "{ semver: \">=1.0.0\", poll: 1s }");

            Map<String, String> config = new HashMap<>();
            config.put("berth.apps.dir", root.toString());
            config.put("berth.registry.insecure-hosts", String.join(",", front.host(), slowFront.host(),
                    lockedFront.host(), registry.host()));
            config.put("berth.registry.credential-helpers.\"" + front.host() + "\"", helper.toString());
            config.put("berth.registry.credential-helper-ttl", "2s");
            config.put("berth.registry.credential-helpers.\"" + lockedFront.host() + "\"", failing.toString());
            config.put("berth.registry.auth.\"" + slowFront.host() + "\".username", USER);
            config.put("berth.registry.auth.\"" + slowFront.host() + "\".password", SECRET);
            config.put("berth.registry.retry.max-attempts", "2");
            config.put("berth.registry.retry.backoff", "10ms");
            config.put("berth.poll.safety-net", "1s");
            config.put("berth.poll.delay", "0s");
            config.put("berth.poll.page-size", "100");
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path script(Path dir, String name, String body) throws IOException {
        Path script = dir.resolve(name);
        Files.writeString(script, "#!/bin/sh\n[ \"$1\" = get ] || exit 9\n" + body);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    private static void app(Path root, String name, RegistryFront via, String repository, String track)
            throws IOException {
        Path dir = Files.createDirectories(root.resolve("apps").resolve(name));
        Files.writeString(dir.resolve("compose.yaml"), "services:\n  web:\n    image: x\n");
        Files.writeString(dir.resolve("app.yaml"), "image: " + via.host() + "/" + repository + "\n"
                + "services: [web]\n"
                + "track: " + track + "\n"
                + "environments:\n"
                + "  - name: staging\n"
                + "    hosts: [{ ssh: deploy@127.0.0.1:" + FreePorts.next() + " }]\n");
    }

    @Override
    public void stop() {
        for (AutoCloseable c : new AutoCloseable[] {front, slowFront, lockedFront, registry}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // best effort
            }
        }
    }
}
