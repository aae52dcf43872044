package dev.berth.promote;

import dev.berth.testing.FreePorts;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A state folder of small apps whose smoke checks are direct HTTP checks against a real loopback
 * {@link HealthServer}, and whose only host is a loopback port where nothing listens (so a deploy or rollback fails
 * quickly at its SSH connection, and says so). Each app has {@code staging} and {@code production}.
 */
public class PromoteStack implements QuarkusTestResourceLifecycleManager {

    static HealthServer health;

    @Override
    public Map<String, String> start() {
        health = new HealthServer(4);
        try {
            Path state = Files.createTempDirectory("berth-promote-");
            int closed = FreePorts.next();
            // Soaks 3 s in staging, then promotes on by itself.
            app(state, "soakok", closed, "soak: 3s", "");
            // Soaks far longer than the test: only a failing check can end it.
            app(state, "soakbad", closed, "soak: 10m", "");
            // Verification fails at once (the path answers 500).
            app(state, "verifyfail", closed, "", "");
            health.status("/verifyfail/staging", 500);
            return Map.of("berth.apps.dir", state.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void app(Path state, String name, int closedPort, String stagingExtra, String productionExtra)
            throws IOException {
        Path dir = Files.createDirectories(state.resolve("apps").resolve(name));
        Files.writeString(dir.resolve("compose.yaml"), """
                services:
                  web:
                    image: registry.example.com/acme/%s:unpinned
                """.formatted(name));
        Files.writeString(dir.resolve("app.yaml"), """
                image: registry.example.com/acme/%1$s
                services: [web]
                track:
                  semver: ">=1.0.0 <2.0.0"
                environments:
                  - name: staging
                    hosts:
                      - ssh: deploy@127.0.0.1:%2$d
                    checks:
                      - http: %3$s
                        expect: { status: 200, bodyContains: ok }
                    verify: { interval: 1s, passes: 1, failures: 1, window: 20s }
                    rollback: { window: 0s, failures: 1 }
                    promote: auto
                    %4$s
                  - name: production
                    hosts:
                      - ssh: deploy@127.0.0.1:%2$d
                    checks:
                      - http: %5$s
                    %6$s
                """.formatted(name, closedPort, health.url("/" + name + "/staging"), stagingExtra,
                health.url("/" + name + "/production"), productionExtra));
    }

    @Override
    public void stop() {
        if (health != null) {
            health.close();
        }
    }
}
