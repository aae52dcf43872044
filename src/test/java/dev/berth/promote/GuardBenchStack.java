package dev.berth.promote;

import dev.berth.testing.FreePorts;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The guard benchmark's catalog: {@code berth.bench.environments} apps (default 2,000) with one environment each,
 * whose one direct HTTP check targets its own path on one of {@code berth.bench.servers} real loopback
 * {@link HealthServer}s, probed every {@code berth.bench.interval}.
 */
public class GuardBenchStack implements QuarkusTestResourceLifecycleManager {

    static final int ENVIRONMENTS = Integer.getInteger("berth.bench.environments", 2000);
    static final int SERVERS = Integer.getInteger("berth.bench.servers", 4);
    static final String INTERVAL = System.getProperty("berth.bench.interval", "2s");
    static final List<HealthServer> servers = new ArrayList<>();

    static String name(int i) {
        return "b%05d".formatted(i);
    }

    @Override
    public Map<String, String> start() {
        try {
            Path state = Files.createTempDirectory("berth-guard-bench-");
            for (int s = 0; s < SERVERS; s++) {
                servers.add(new HealthServer(4));
            }
            int closed = FreePorts.next();
            for (int i = 0; i < ENVIRONMENTS; i++) {
                String name = name(i);
                Path dir = Files.createDirectories(state.resolve("apps").resolve(name));
                Files.writeString(dir.resolve("compose.yaml"), "services:\n  web:\n    image: registry.example.com/"
                        + "bench/" + name + ":unpinned\n");
                Files.writeString(dir.resolve("app.yaml"), """
                        image: registry.example.com/bench/%1$s
                        services: [web]
                        track:
                          semver: ">=1.0.0 <2.0.0"
                        environments:
                          - name: production
                            hosts:
                              - ssh: deploy@127.0.0.1:%2$d
                            checks:
                              - http: %3$s
                                expect: { status: 200, bodyContains: ok }
                            verify: { interval: %4$s, passes: 1, failures: 1, window: 1m }
                            rollback: { window: 0s, failures: 3 }
                        """.formatted(name, closed, servers.get(i % SERVERS).url("/" + name + "/health"), INTERVAL));
            }
            return Map.of("berth.apps.dir", state.toString(), "quarkus.log.category.\"dev.berth.config\".level",
                    "WARN");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        servers.forEach(HealthServer::close);
        servers.clear();
    }
}
