package dev.berth.deploy;

import dev.berth.testing.DistributionRegistry;
import dev.berth.testing.FreePorts;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A real Distribution registry on loopback and an apps folder with one app, {@code down}, tracking {@code semver} of
 * {@code <registry>/acme/down}. Its host is never reached: the test holds the environment's deploy lock, so what the
 * router queues stays queued.
 */
public class DowngradeStack implements QuarkusTestResourceLifecycleManager {

    static final String APP = "down";
    static final String REPO = "acme/down";
    static DistributionRegistry registry;
    private Path apps;

    @Override
    public Map<String, String> start() {
        registry = new DistributionRegistry(FreePorts.next()).start();
        try {
            apps = Files.createTempDirectory("berth-downgrade-");
            Path app = Files.createDirectories(apps.resolve("apps").resolve(APP));
            Files.writeString(app.resolve("compose.yaml"), """
                    services:
                      web:
                        image: %s/%s:unpinned
                    """.formatted(registry.host(), REPO));
            Files.writeString(app.resolve("app.yaml"), """
                    image: %s/%s
                    services: [web]
                    track:
                      semver: ">=1.0.0 <2.0.0"
                    environments:
                      - name: staging
                        hosts:
                          - ssh: deploy@127.0.0.1:%d
                            hostKey: "SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s"
                    """.formatted(registry.host(), REPO, FreePorts.next()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("berth.apps.dir", apps.toString(), "berth.registry.insecure-hosts", registry.host());
    }

    @Override
    public void stop() {
        if (registry != null) {
            registry.close();
        }
    }
}
