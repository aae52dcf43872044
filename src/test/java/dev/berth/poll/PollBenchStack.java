package dev.berth.poll;

import dev.berth.testing.DistributionRegistry;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The poll benchmark's world: one real Distribution registry (anonymous, notifications off) with
 * {@code berth.bench.repositories} repositories (default 1,000), each with one pushed image, and one app per
 * repository polling it every {@code berth.bench.interval}: half with a semver policy (a tag listing and a HEAD per
 * poll), half following the floating tag {@code latest} (a HEAD per poll). Deploy workers and the router are off:
 * only polling is measured.
 */
public class PollBenchStack implements QuarkusTestResourceLifecycleManager {

    static final int REPOSITORIES = Integer.getInteger("berth.bench.repositories", 1000);
    static final String INTERVAL = System.getProperty("berth.bench.interval", "30s");
    static DistributionRegistry registry;

    @Override
    public Map<String, String> start() {
        registry = new DistributionRegistry().start();
        try {
            Path state = Files.createTempDirectory("berth-poll-bench-");
            for (int i = 0; i < REPOSITORIES; i++) {
                String name = "p%05d".formatted(i);
                boolean floating = i % 2 == 1;
                registry.pushImage("bench/" + name, floating ? "latest" : "1.0.0");
                Path dir = Files.createDirectories(state.resolve("apps").resolve(name));
                Files.writeString(dir.resolve("compose.yaml"), "services:\n  web:\n    image: x\n");
                Files.writeString(dir.resolve("app.yaml"), "image: " + registry.host() + "/bench/" + name + "\n"
                        + "services: [web]\n"
                        + "track: " + (floating ? "{ tag: latest" : "{ semver: \">=1.0.0\"") + ", poll: " + INTERVAL
                        + " }\n"
                        + "environments:\n  - name: production\n    hosts: [{ ssh: deploy@127.0.0.1:9 }]\n");
            }
            return Map.of("berth.apps.dir", state.toString(), "berth.registry.insecure-hosts", registry.host(),
                    "berth.deploy.enabled", "false", "berth.poll.requests-per-minute", "1000000",
                    "quarkus.log.category.\"dev.berth.poll\".level", "WARN",
                    "quarkus.log.category.\"dev.berth.config\".level", "WARN");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        if (registry != null) {
            registry.close();
        }
    }
}
