package dev.berth.registry;

import dev.berth.testing.DistributionRegistry;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

/**
 * A real Distribution registry with htpasswd basic auth for a Quarkus test, and the {@code berth.registry.*}
 * properties that point berth at it with the right account.
 */
public class HtpasswdRegistryResource implements QuarkusTestResourceLifecycleManager {

    static final String USER = "berth";
    static final String PASSWORD = "wiring-s3cret";
    private static volatile DistributionRegistry registry;

    @Override
    public Map<String, String> start() {
        try {
            Path htpasswd = Files.createTempFile("berth-htpasswd-", "");
            Process p = new ProcessBuilder("htpasswd", "-Bbn", USER, PASSWORD).redirectOutput(htpasswd.toFile()).start();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("htpasswd failed: install apache2-utils (bin/install-deps)");
            }
            registry = new DistributionRegistry()
                    .withConfig("auth:\n  htpasswd:\n    realm: berth-test\n    path: " + htpasswd + "\n")
                    .pushingAs("Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD)
                            .getBytes(StandardCharsets.UTF_8))).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        String host = registry.host();
        return Map.of("berth.registry.insecure-hosts", host,
                "berth.registry.auth.\"" + host + "\".username", USER,
                "berth.registry.auth.\"" + host + "\".password", PASSWORD,
                "berth.registry.retry.max-attempts", "2",
                "berth.registry.retry.backoff", "10ms");
    }

    @Override
    public void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    static DistributionRegistry registry() {
        return registry;
    }
}
