package dev.berth.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.domain.AppName;
import dev.berth.domain.EnvName;
import dev.berth.domain.ImageRef;
import dev.berth.domain.ReleaseId;
import dev.berth.domain.ServiceName;
import dev.berth.testing.HttpSink;
import dev.berth.testing.OpenSshServer;
import dev.berth.testing.SshKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 12 item 13: what a stolen deploy key can make the host do, through the real forced command over a real
 * OpenSSH sshd (sshj as client, like berth). With the host's policy file the agent refuses compose files that ask
 * for privileges, host paths, builds, capabilities or host namespaces; check-http reaches loopback only unless the
 * policy lists more; a policy file the deploy user could change stops the agent. Before the policy existed every
 * one of these was accepted.
 */
class HostPolicyForcedTest {

    private static final String DIGEST = "sha256:" + "ab".repeat(32);
    private static final AgentCommands AGENT = new AgentCommands("berth-agent");

    private static OpenSshServer sshd;
    private static Path hostRoot;
    private static Path policy;
    private static Path allowed;
    private static HttpSink app;

    @TempDir
    Path tmp;
    private SshjTransport transport;

    @BeforeAll
    static void start() throws IOException {
        sshd = new OpenSshServer();
        hostRoot = Files.createDirectories(sshd.dir().resolve("host-root"));
        allowed = Files.createDirectories(sshd.dir().resolve("srv-data"));
        Path policyDir = Files.createDirectories(sshd.dir().resolve("etc-berth"));
        Files.setPosixFilePermissions(policyDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        policy = policyDir.resolve("agent-policy");
        app = HttpSink.start();
        sshd.start();
    }

    @AfterAll
    static void stop() {
        app.close();
        sshd.close();
    }

    @AfterEach
    void closeTransport() {
        if (transport != null) {
            transport.close();
        }
    }

    /** The deploy key runs the agent with {@code policyPath} (a fresh connection, so the new line applies). */
    private HostTarget host(String policyPath) throws IOException {
        Path config = Files.writeString(tmp.resolve("agent.env"), "");
        String agent = Path.of("deploy/host/berth-agent").toAbsolutePath().toString();
        sshd.clearAuthorizedKeys().authorizeWithForcedCommand(SshKeys.publicKey(sshd.clientKey()),
                "env BERTH_AGENT_CONFIG=" + config + " BERTH_AGENT_POLICY=" + policyPath + " BERTH_COMPOSE=true "
                        + agent + " --forced");
        transport = new SshjTransport(TestSshConfig.withKey(sshd.clientKey()));
        return HostTarget.pinned(HostAddress.parse(sshd.address()), sshd.hostKeyFingerprint());
    }

    private static void writePolicy(String text) throws IOException {
        Files.writeString(policy, text);
        Files.setPosixFilePermissions(policy, PosixFilePermissions.fromString("rw-r--r--"));
    }

    private ExecResult prepare(HostTarget host, String env, String compose) {
        List<String> argv = AGENT.prepare(hostRoot.toString(), new AppName("web"), new EnvName(env),
                new ReleaseId("20250101T120000Z-000000000001"),
                Map.of(new ServiceName("web"), ImageRef.parse("localhost:5000/acme/web@" + DIGEST)));
        return transport.exec(host, argv, compose.getBytes(StandardCharsets.UTF_8), null, Duration.ofSeconds(30));
    }

    private static void assumeRoot() {
        // The policy must be root's file: only a test running as root can write one the agent trusts.
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to own the policy file");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "    privileged: true\n",
        "    volumes:\n      - /:/host\n",
        "    volumes:\n      - type: bind\n        source: /home/deploy/.ssh\n        target: /keys\n",
        "    volumes: [\"/etc:/e:ro\"]\n",
        "    volumes:\n      - ../../../../../../etc:/e\n",
        "    build: .\n",
        "    cap_add: [SYS_ADMIN]\n",
        "    network_mode: host\n",
        "    pid: host\n",
        "    devices:\n      - /dev/sda:/dev/sda\n",
        "    env_file: /etc/shadow\n",
        "    security_opt: [\"seccomp=unconfined\"]\n",
        "    !!str privileged: true\n"})
    void theHostPolicyRefusesWhatAStolenKeyWouldRun(String service) throws IOException {
        assumeRoot();
        writePolicy("COMPOSE_BIND_PATHS=" + allowed + "\n");
        HostTarget host = host(policy.toString());
        String env = "p" + Integer.toHexString(service.hashCode() & 0xfffffff);

        ExecResult result = prepare(host, env, "services:\n  web:\n    image: x\n" + service);

        assertEquals(7, result.exitStatus(), result::toString);
        assertTrue(result.stderrText().contains("refused by this host's policy"), result::toString);
        assertTrue(Files.notExists(hostRoot.resolve("web").resolve(env).resolve("releases")
                .resolve("20250101T120000Z-000000000001")), "nothing was prepared");
    }

    @Test
    void anOrdinaryComposeFilePasses() throws IOException {
        assumeRoot();
        writePolicy("COMPOSE_BIND_PATHS=" + allowed + "\n");
        HostTarget host = host(policy.toString());

        ExecResult result = prepare(host, "ordinary", """
                services:
                  web:
                    image: x
                    privileged: false
                    volumes:
                      - data:/var/lib/web
                      - ./static:/static:ro
                      - %s/web:/srv
                    env_file: [.env]
                volumes:
                  data:
                """.formatted(allowed));

        assertEquals(0, result.exitStatus(), result::toString);
    }

    @Test
    void withoutAPolicyFileComposeIsUnrestrictedButCheckHttpStaysOnLoopback() throws IOException {
        HostTarget host = host("none");

        assertEquals(0, prepare(host, "nopolicy", "services:\n  web:\n    image: x\n    privileged: true\n")
                .exitStatus(), "compose rules are opt-in (documented)");
        ExecResult metadata = transport.exec(host, AGENT.checkHttp("http://169.254.169.254/latest/meta-data/", 2),
                null, null, Duration.ofSeconds(30));
        assertEquals(7, metadata.exitStatus(), metadata::toString);
        ExecResult loopback = transport.exec(host, AGENT.checkHttp("http://127.0.0.1:" + app.url().getPort()
                + "/health", 5), null, null, Duration.ofSeconds(30));
        assertEquals(0, loopback.exitStatus(), loopback::toString);
    }

    @Test
    void thePolicyMayAllowNamedCheckHosts() throws IOException {
        assumeRoot();
        writePolicy("CHECK_HTTP_HOSTS=loopback 169.254.169.254\nCOMPOSE_RULES=off\n");
        HostTarget host = host(policy.toString());

        ExecResult listed = transport.exec(host, AGENT.checkHttp("http://169.254.169.254:1/", 1), null, null,
                Duration.ofSeconds(30));
        assertTrue(listed.exitStatus() == 0 || listed.exitStatus() == 5, listed::toString);
        ExecResult other = transport.exec(host, AGENT.checkHttp("http://10.1.2.3/", 1), null, null,
                Duration.ofSeconds(30));
        assertEquals(7, other.exitStatus(), other::toString);
    }

    @Test
    void aPolicyTheDeployUserCouldChangeStopsTheAgent() throws IOException {
        writePolicy("COMPOSE_BIND_PATHS=/\n");
        Files.setPosixFilePermissions(policy, PosixFilePermissions.fromString("rw-rw-rw-"));
        HostTarget host = host(policy.toString());

        ExecResult result = prepare(host, "writable", "services:\n  web:\n    image: x\n");

        assertEquals(7, result.exitStatus(), result::toString);
        assertTrue(result.stderrText().contains("cannot be trusted"), result::toString);
        ExecResult status = transport.exec(host, AGENT.status(hostRoot.toString(), new AppName("web"),
                new EnvName("writable")));
        assertEquals(7, status.exitStatus(), status::toString);
    }
}
