package dev.berth.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.config.AppCatalog;
import dev.berth.deploy.DeployConfig;
import dev.berth.deploy.DeployPlans;
import dev.berth.deploy.Deployment;
import dev.berth.deploy.DeploymentExecutor.DeployFailed;
import dev.berth.deploy.DeploymentStatus;
import dev.berth.deploy.HostDeployer;
import dev.berth.domain.AppName;
import dev.berth.domain.DeploymentId;
import dev.berth.domain.Digest;
import dev.berth.domain.EnvName;
import dev.berth.domain.ImageRef;
import dev.berth.domain.ReleaseId;
import dev.berth.testing.OpenSshResource;
import dev.berth.testing.OpenSshServer;
import dev.berth.testing.RedisResource;
import dev.berth.testing.SshKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * An environment of three hosts (three real sshd, each running the real agent as forced command with a recording
 * compose stand-in): the rollout goes host after host, the first failure stops it, that host is switched back by
 * the agent, and the host after it is never touched.
 */
@QuarkusTest
@QuarkusTestResource(RedisResource.class)
@QuarkusTestResource(value = OpenSshResource.class, restrictToAnnotatedClass = true)
class MultiHostRolloutTest {

    private static final Digest DIGEST = new Digest("sha256:" + "c0".repeat(32));

    @Inject
    HostTransport transport;

    @Test
    void firstFailureStopsTheRolloutAndThatHostIsSwitchedBack() throws Exception {
        Path work = Files.createTempDirectory("berth-multihost-");
        String berthKey = SshKeys.publicKey(OpenSshResource.server().clientKey());
        String agent = Path.of("deploy/host/berth-agent").toAbsolutePath().toString();
        List<OpenSshServer> hosts = new ArrayList<>();
        List<FakeCompose> composes = new ArrayList<>();
        List<Path> roots = new ArrayList<>();
        try {
            StringBuilder hostEntries = new StringBuilder();
            for (int i = 0; i < 3; i++) {
                FakeCompose compose = new FakeCompose(Files.createDirectories(work.resolve("compose" + i)),
                        "docker-compose-fake");
                Path root = Files.createDirectories(work.resolve("root" + i));
                OpenSshServer sshd = new OpenSshServer();
                sshd.clearAuthorizedKeys().authorizeWithForcedCommand(berthKey,
                        "env BERTH_AGENT_POLICY=none BERTH_COMPOSE=" + compose.command() + " " + agent + " --forced");
                hosts.add(sshd.start());
                composes.add(compose);
                roots.add(root);
                hostEntries.append("      - ssh: ").append(sshd.address()).append("\n        hostKey: \"")
                        .append(sshd.hostKeyFingerprint()).append("\"\n        root: ").append(root).append('\n');
            }
            Path app = Files.createDirectories(work.resolve("state/apps/multi"));
            Files.writeString(app.resolve("compose.yaml"), "services:\n  web:\n    image: example/web:unpinned\n");
            Files.writeString(app.resolve("app.yaml"), "image: registry.example.com/acme/web\nservices: [web]\n"
                    + "track: { newest: true }\nenvironments:\n  - name: staging\n    hosts:\n" + hostEntries
                    + "    checks: []\n");
            AppCatalog catalog = new AppCatalog();
            assertTrue(catalog.reload(work.resolve("state")).ok());

            Instant now = Instant.now();
            Deployment d = new Deployment(DeploymentId.next(now), new AppName("multi"), new EnvName("staging"),
                    ImageRef.parse("registry.example.com/acme/web"), "1.0.0", DIGEST, ReleaseId.of(now, DIGEST),
                    List.of(), DeploymentStatus.RUNNING, now, now, null, "test", "test", null);
            composes.get(1).failIn(d.releaseId().value());
            HostDeployer deployer = new HostDeployer(transport, new DeployPlans(catalog),
                    new AgentInstaller(transport, new HostsConfig() {
                        @Override
                        public String agent() {
                            return "berth-agent";
                        }

                        @Override
                        public Optional<String> installAgent() {
                            return Optional.empty();
                        }
                    }), keepFive());
            List<String> log = new ArrayList<>();
            DeployFailed failed = assertThrows(DeployFailed.class,
                    () -> deployer.execute(d, (stream, line) -> log.add(stream + ": " + line)));

            assertTrue(failed.getMessage().contains("activate release " + d.releaseId() + " on "
                    + hosts.get(1).address()), failed.getMessage());
            Path current0 = roots.get(0).resolve("multi/staging/current");
            assertEquals(Path.of("releases", d.releaseId().value()), Files.readSymbolicLink(current0), "host 1 done");
            assertFalse(Files.exists(roots.get(1).resolve("multi/staging/current"), java.nio.file.LinkOption.NOFOLLOW_LINKS),
                    "host 2 switched back (it had no release before)");
            assertFalse(Files.exists(roots.get(2).resolve("multi")), "host 3 never touched");
            assertTrue(composes.get(2).calls().isEmpty(), "no compose call on host 3");
        } finally {
            hosts.forEach(OpenSshServer::close);
        }
    }

    private static DeployConfig keepFive() {
        return new DeployConfig() {
            public boolean enabled() {
                return true;
            }

            public Duration lockTtl() {
                return Duration.ofSeconds(30);
            }

            public int workers() {
                return 1;
            }

            public Duration claimIdle() {
                return Duration.ofMinutes(2);
            }

            public int maxDeliveries() {
                return 5;
            }

            public int keepReleases() {
                return 5;
            }
        };
    }
}
