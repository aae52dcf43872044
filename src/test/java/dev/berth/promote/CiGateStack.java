package dev.berth.promote;

import dev.berth.testing.DistributionRegistry;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A real Distribution registry and an apps folder with two apps whose production environment has a CI gate on
 * {@code octo-org/octo-repo} (the repository of GitHub's recorded workflow_run deliveries): {@code gated} (any
 * successful run) and {@code strict} (workflow {@code test}, then approval). Deploy workers are off, so promoted
 * deployments stay queued for the test to inspect.
 */
public class CiGateStack implements QuarkusTestResourceLifecycleManager {

    private static volatile DistributionRegistry registry;

    @Override
    public Map<String, String> start() {
        registry = new DistributionRegistry().start();
        try {
            Path root = Files.createTempDirectory("berth-cigate-");
            app(root, "gated", "    gate: { ci: { repository: Octo-Org/octo-repo } }\n");
            app(root, "strict", "    gate: { ci: { repository: octo-org/octo-repo, workflows: [test] } }\n"
                    + "    approval: required\n");
            return Map.of("berth.apps.dir", root.toString(), "berth.registry.insecure-hosts", registry.host(),
                    "berth.deploy.enabled", "false");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void app(Path root, String name, String production) throws IOException {
        Path dir = Files.createDirectories(root.resolve("apps").resolve(name));
        Files.writeString(dir.resolve("compose.yaml"), "services:\n  web:\n    image: x\n");
        Files.writeString(dir.resolve("app.yaml"), "image: " + registry.host() + "/acme/" + name + "\n"
                + "services: [web]\n"
                + "track: { newest: true }\n"
                + "environments:\n"
                + "  - name: staging\n"
                + "    hosts: [{ ssh: deploy@127.0.0.1:2201 }]\n"
                + "    promote: auto\n"
                + "  - name: production\n"
                + "    hosts: [{ ssh: deploy@127.0.0.1:2202 }]\n"
                + production);
    }

    public static DistributionRegistry registry() {
        return registry;
    }

    @Override
    public void stop() {
        if (registry != null) {
            registry.close();
        }
    }
}
