package dev.berth.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.testing.OpenSshResource;
import dev.berth.testing.OpenSshServer;
import dev.berth.testing.RedisResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The agent check and install over real SSH and SFTP. */
@QuarkusTest
@QuarkusTestResource(RedisResource.class)
@QuarkusTestResource(value = OpenSshResource.class, restrictToAnnotatedClass = true)
class AgentInstallerTest {

    @Inject
    HostTransport transport;

    private static HostsConfig config(Optional<String> installAt) {
        return new HostsConfig() {
            @Override
            public String agent() {
                return "berth-agent";
            }

            @Override
            public Optional<String> installAgent() {
                return installAt;
            }
        };
    }

    private static HostTarget host() {
        OpenSshServer sshd = OpenSshResource.server();
        return HostTarget.pinned(HostAddress.parse(sshd.address()), sshd.hostKeyFingerprint());
    }

    @Test
    void installsTheShippedAgentWhereConfiguredAndVerifiesIt() throws Exception {
        Path target = Files.createTempDirectory("berth-agent-install-").resolve("bin/berth-agent");
        AgentInstaller installer = new AgentInstaller(transport, config(Optional.of(target.toString())));
        List<String> log = new ArrayList<>();
        installer.ensure(host(), log::add);
        assertTrue(Files.isExecutable(target), "installed and executable");
        assertArrayEquals(Files.readAllBytes(Path.of("deploy/host/berth-agent")), Files.readAllBytes(target));
        assertTrue(log.get(0).contains("installing berth-agent 1 at " + target), log.toString());
        // A second check of the same host is served from what was verified: nothing is uploaded again.
        Files.delete(target);
        installer.ensure(host(), log::add);
        assertTrue(Files.notExists(target));
    }

    @Test
    void refusesAHostWithoutTheAgentWhenInstallingIsNotAllowed() {
        AgentInstaller installer = new AgentInstaller(transport,
                config(Optional.empty()));
        AgentInstaller.AgentMismatch refused = assertThrows(AgentInstaller.AgentMismatch.class,
                () -> installer.ensure(host(), line -> { }));
        assertTrue(refused.getMessage().contains("no usable berth-agent"), refused.getMessage());
        assertTrue(refused.getMessage().contains("berth.hosts.install-agent"), refused.getMessage());
    }
}
