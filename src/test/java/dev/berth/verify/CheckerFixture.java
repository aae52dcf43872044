package dev.berth.verify;

import dev.berth.config.AppDefinition;
import dev.berth.config.AppDefinitionParser;
import dev.berth.host.SshConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Hand-wired settings and app folders for {@link EnvironmentChecker} tests. */
final class CheckerFixture {

    private CheckerFixture() {
    }

    /** {@link SshConfig} with production defaults and the given client key. */
    record Ssh(Optional<Path> privateKey, Optional<String> privateKeyPassphrase, Optional<Path> knownHosts,
            Duration connectTimeout, Duration commandTimeout, int maxSessionsPerHost, int maxConcurrentHosts,
            Duration idleTimeout, Duration keepaliveInterval, int retainedLines) implements SshConfig {

        static Ssh withKey(Path key) {
            return new Ssh(Optional.of(key), Optional.empty(), Optional.empty(), Duration.ofSeconds(10),
                    Duration.ofMinutes(1), 4, 32, Duration.ofMinutes(5), Duration.ofSeconds(30), 1000);
        }
    }

    /** {@link VerifyConfig} values. */
    record Verify(int maxConcurrentChecks, int maxConcurrentChecksPerEnvironment, boolean checkerErrorsFail)
            implements VerifyConfig {

        @Override
        public int guardConcurrency() {
            return 16;
        }
    }

    /**
     * Writes {@code <dir>/apps/web} with services web and worker and one environment {@code staging} whose
     * {@code hosts:} and {@code checks:} entries are given as YAML list items (indented by six spaces), and parses it.
     */
    static AppDefinition app(Path dir, String hosts, String checks) {
        try {
            Path app = Files.createDirectories(dir.resolve("apps").resolve("web"));
            Files.writeString(app.resolve("compose.yaml"), """
                    services:
                      web:
                        image: registry.example.com/acme/web:1.0.0
                      worker:
                        image: registry.example.com/acme/web:1.0.0
                    """);
            Files.writeString(app.resolve("app.yaml"), """
                    image: registry.example.com/acme/web
                    services: [web, worker]
                    track:
                      semver: ">=1.0.0"
                    environments:
                      - name: staging
                        hosts:
                    %s    checks:
                    %s""".formatted(hosts, checks));
            return new AppDefinitionParser().parse(app);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A {@code hosts:} item. */
    static String host(String ssh, String hostKey, Path root) {
        return """
                      - ssh: %s
                        hostKey: "%s"
                        root: %s
                """.formatted(ssh, hostKey, root);
    }
}
