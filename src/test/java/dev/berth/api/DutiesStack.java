package dev.berth.api;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * An apps folder for the separation-of-duties tests: {@code duties} (production needs the approval of another
 * identity) and {@code sameok} (plain {@code approval: required}). Named tokens: two deployers, a viewer and an
 * admin. Deploy workers are off, so approved promotions stay queued.
 */
public class DutiesStack implements QuarkusTestResourceLifecycleManager {

    static final String ALICE = "alice-deployer-token-0123456789";
    static final String BOB = "bob-deployer-token-0123456789";
    static final String VIEWER = "viewer-token-0123456789";
    static final String ADMIN = "admin-token-0123456789abcdef";

    @Override
    public Map<String, String> start() {
        try {
            Path root = Files.createTempDirectory("berth-duties-");
            app(root, "duties", "approval: { required: true, distinct: true }");
            app(root, "sameok", "approval: required");
            return Map.of("berth.apps.dir", root.toString(), "berth.deploy.enabled", "false",
                    "berth.api.tokens", ALICE + ":deployer:alice," + BOB + ":deployer:bob," + VIEWER + ":viewer,"
                            + ADMIN + ":admin:root-admin");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void app(Path root, String name, String approval) throws IOException {
        Path dir = Files.createDirectories(root.resolve("apps").resolve(name));
        Files.writeString(dir.resolve("compose.yaml"), "services:\n  web:\n    image: x\n");
        Files.writeString(dir.resolve("app.yaml"), """
                image: registry.example.com/acme/%s
                services: [web]
                track: { semver: ">=1.0.0" }
                environments:
                  - name: staging
                    hosts: [{ ssh: deploy@127.0.0.1:1 }]
                  - name: production
                    hosts: [{ ssh: deploy@127.0.0.1:1 }]
                    %s
                """.formatted(name, approval));
    }

    @Override
    public void stop() {
    }
}
