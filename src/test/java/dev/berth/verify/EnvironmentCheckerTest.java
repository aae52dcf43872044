package dev.berth.verify;

import static dev.berth.verify.CheckerFixture.app;
import static dev.berth.verify.CheckerFixture.host;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.config.AppDefinition;
import dev.berth.host.AgentCommands;
import dev.berth.host.SshjTransport;
import dev.berth.testing.FreePorts;
import dev.berth.testing.HttpSink;
import dev.berth.testing.HttpSink.Reply;
import dev.berth.testing.OpenSshServer;
import dev.berth.testing.SshKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One round of checks against real parts: an HTTP server on loopback, and an OpenSSH host whose key runs the real
 * host agent as forced command (with a compose tool that does not exist there).
 */
class EnvironmentCheckerTest {

    private static final Instant NOW = Instant.parse("2025-01-02T03:04:05Z");
    private static final String OTHER_KEY = "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU";

    private static OpenSshServer sshd;
    private static Path root;

    @TempDir
    Path dir;
    private HttpSink app;
    private SshjTransport transport;
    private EnvironmentChecker checker;

    @BeforeAll
    static void startHost() throws IOException {
        sshd = new OpenSshServer();
        root = Files.createDirectories(sshd.dir().resolve("host-root"));
        Path agentConfig = Files.writeString(sshd.dir().resolve("agent.env"), "");
        String agent = Path.of("deploy/host/berth-agent").toAbsolutePath().toString();
        sshd.clearAuthorizedKeys().authorizeWithForcedCommand(SshKeys.publicKey(sshd.clientKey()),
                "env BERTH_AGENT_POLICY=none BERTH_AGENT_CONFIG=" + agentConfig + " BERTH_COMPOSE=no-such-compose " + agent + " --forced");
        sshd.start();
    }

    @AfterAll
    static void stopHost() {
        sshd.close();
    }

    @BeforeEach
    void wire() {
        app = HttpSink.start();
        transport = new SshjTransport(CheckerFixture.Ssh.withKey(sshd.clientKey()));
        checker = new EnvironmentChecker(transport, new AgentCommands("berth-agent"),
                new CheckerFixture.Verify(8, 4, false), Clock.fixed(NOW, ZoneOffset.UTC),
                DirectHttpProbe.defaultClient());
    }

    @AfterEach
    void unwire() {
        checker.close();
        transport.close();
        app.close();
    }

    private CheckResult round(String checks) {
        AppDefinition def = app(dir, host(sshd.address(), sshd.hostKeyFingerprint(), root), checks);
        return checker.check(def, def.first());
    }

    private String direct(String expect) {
        return "      - http: " + app.url("/health") + "\n" + (expect.isEmpty() ? "" : "        expect: " + expect + "\n");
    }

    private String viaHost(String expect) {
        return direct(expect) + "        via: host\n";
    }

    @Test
    void directCheckPassesOnAGoodAnswer() {
        app.otherwise(Reply.status(200).body("all ok"));
        CheckResult result = round(direct("{ status: 200, bodyContains: ok }"));
        assertEquals(CheckResult.pass(NOW), result);
        assertEquals("/health", app.requests().get(0).path());
    }

    @Test
    void directCheckFailsOnA500AndSaysWhatItSaw() {
        app.otherwise(Reply.status(500).body("boom"));
        CheckResult result = round(direct("{ status: 200 }"));
        assertEquals(CheckResult.Verdict.FAIL, result.verdict());
        assertEquals("GET " + app.url("/health") + " via direct", result.check());
        assertEquals("GET " + app.url("/health") + ": status 500, expected 200", result.detail());
        assertEquals(NOW, result.at());
    }

    @Test
    void directCheckSendsMethodAndHeadersButKeepsThemOutOfDetails() {
        app.otherwise(Reply.status(200).body("DOWN"));
        String checks = "      - http: " + app.url("/health") + "\n        method: POST\n"
                + "        headers: { Authorization: Bearer s3cret-token }\n        expect: { bodyContains: UP }\n";
        CheckResult result = round(checks);
        assertEquals(CheckResult.Verdict.FAIL, result.verdict());
        assertTrue(result.detail().endsWith("body lacks 'UP' (body starts 'DOWN')"), result.detail());
        assertFalse(result.toString().contains("s3cret"));
        HttpSink.Request got = app.requests().get(0);
        assertEquals("POST", got.method());
        assertEquals("Bearer s3cret-token", got.header("Authorization"));
    }

    @Test
    void directCheckFailsWithNoAnswerWhenTheAppIsDown() {
        app.down();
        CheckResult result = round(direct(""));
        assertEquals(CheckResult.Verdict.FAIL, result.verdict());
        assertTrue(result.detail().contains(": no answer: connection refused"), result.detail());
    }

    @Test
    void viaHostPassesThroughTheAgent() {
        app.otherwise(Reply.status(200).body("{\"status\":\"UP\",\"count\":3}"));
        CheckResult result = round(viaHost("{ status: 200, bodyContains: UP, jsonPointer: { /count: 3 } }"));
        assertEquals(CheckResult.pass(NOW), result);
        assertEquals(1, app.requests().size());
    }

    @Test
    void viaHostFailsNamingTheHost() {
        app.otherwise(Reply.status(503).body("starting"));
        CheckResult result = round(viaHost("{ status: 200 }"));
        assertEquals(CheckResult.Verdict.FAIL, result.verdict());
        assertEquals("GET " + app.url("/health") + " on " + sshd.address() + ": status 503, expected 200",
                result.detail());
    }

    @Test
    void viaHostNoAnswerIsAFailureOfTheApp() {
        app.down();
        CheckResult result = round(viaHost(""));
        assertEquals(CheckResult.Verdict.FAIL, result.verdict());
        assertTrue(result.detail().contains(" on " + sshd.address() + ": no answer ("), result.detail());
    }

    @Test
    void viaHostWithResponseHeadersIsRefusedWhenTheAppIsRead() {
        RuntimeException refused = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                () -> round(viaHost("{ headers: { Content-Type: text/plain } }")));
        assertTrue(refused.getMessage().contains("via: host probes with a plain GET"), refused.getMessage());
        assertTrue(app.requests().isEmpty());
    }

    @Test
    void headersTheClientCannotSendAreACheckerError() {
        CheckResult result = round("      - http: " + app.url("/health") + "\n        headers: { Host: web.example.com }\n");
        assertEquals(CheckResult.Verdict.CHECKER_ERROR, result.verdict());
        assertTrue(result.detail().contains("request header Host cannot be sent"), result.detail());
    }

    @Test
    void hostKeyMismatchIsACheckerErrorAndRunsNothing() {
        int logins = sshd.acceptedLogins();
        AppDefinition def = app(dir, host(sshd.address(), OTHER_KEY, root), viaHost("") + "      - compose: running\n");
        CheckResult result = checker.check(def, def.first());
        assertEquals(CheckResult.Verdict.CHECKER_ERROR, result.verdict());
        assertTrue(result.detail().contains(sshd.address()), result.detail());
        assertTrue(result.detail().toLowerCase().contains("host key"), result.detail());
        assertEquals(logins, sshd.acceptedLogins());
        assertTrue(app.requests().isEmpty());
    }

    @Test
    void unreachableHostIsACheckerError() {
        String nobody = sshd.user() + "@127.0.0.1:" + FreePorts.next();
        AppDefinition def = app(dir, host(nobody, sshd.hostKeyFingerprint(), root), "      - compose: running\n");
        CheckResult result = checker.check(def, def.first());
        assertEquals(CheckResult.Verdict.CHECKER_ERROR, result.verdict());
        assertEquals("compose: running", result.check());
        assertTrue(result.detail().startsWith("compose: running on " + nobody + ": cannot reach SSH server"),
                result.detail());
    }

    @Test
    void composeCheckFailsWithTheComposeError() {
        CheckResult result = round("      - compose: running\n");
        assertEquals(CheckResult.Verdict.FAIL, result.verdict());
        assertEquals("compose: running on " + sshd.address()
                + ": compose command 'no-such-compose' not found (BERTH_COMPOSE='no-such-compose')", result.detail());
    }

    @Test
    void aFailureWinsOverACheckerErrorAndTheFirstFailureIsReported() {
        app.otherwise(Reply.status(500));
        String checks = "      - http: " + app.url("/health") + "\n        headers: { Host: web.example.com }\n"
                + direct("{ status: 200 }") + "      - compose: running\n";
        CheckResult result = round(checks);
        assertEquals(CheckResult.Verdict.FAIL, result.verdict());
        assertEquals("GET " + app.url("/health") + ": status 500, expected 200", result.detail());
    }

    @Test
    void noChecksPass() {
        CheckResult result = round("      []\n");
        assertEquals(CheckResult.Verdict.PASS, result.verdict());
        assertNull(result.detail());
    }
}
