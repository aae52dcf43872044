package dev.berth.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.testing.HttpSink;
import dev.berth.testing.OpenSshServer;
import dev.berth.testing.SshKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 12 item 14: check URLs with {@code ~ ? : @ &} reach the agent intact through the real forced command
 * ({@code command="berth-agent --forced"} over a real OpenSSH sshd, run by sshj), and the agent fetches exactly that
 * URL from a real loopback HTTP server. Before the fix the quoted word kept its quotes and the agent exited 2.
 */
class ForcedCheckUrlsTest {

    private static OpenSshServer sshd;
    private static HttpSink app;
    private static SshjTransport transport;
    private static HostTarget host;

    @BeforeAll
    static void start() throws IOException {
        sshd = new OpenSshServer();
        Path agentConfig = Files.writeString(sshd.dir().resolve("agent.env"), "");
        String agent = Path.of("deploy/host/berth-agent").toAbsolutePath().toString();
        sshd.clearAuthorizedKeys().authorizeWithForcedCommand(SshKeys.publicKey(sshd.clientKey()),
                "env BERTH_AGENT_POLICY=none BERTH_AGENT_CONFIG=" + agentConfig + " BERTH_HTTP_CLIENT=curl " + agent + " --forced");
        sshd.start();
        app = HttpSink.start();
        app.otherwise(HttpSink.Reply.status(200).body("pong"));
        transport = new SshjTransport(TestSshConfig.withKey(sshd.clientKey()));
        host = HostTarget.pinned(HostAddress.parse(sshd.address()), sshd.hostKeyFingerprint());
    }

    @AfterAll
    static void stop() {
        transport.close();
        app.close();
        sshd.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/~user/health", "/health?verbose=1", "/a:b@c", "/h?a=1&b=2", "/x*y!z,w+v=u%20t",
            "/~a/b:c@d?e=f&g=~h:i@j"})
    void theUrlReachesTheHostIntact(String target) {
        String url = "http://127.0.0.1:" + app.url().getPort() + target;
        List<String> argv = new AgentCommands("berth-agent").checkHttp(url, 5);
        int before = app.requests().size();

        ExecResult result = transport.exec(host, argv, null, null, Duration.ofSeconds(30));

        assertEquals(0, result.exitStatus(), () -> "agent refused " + url + ": " + result);
        assertTrue(result.stdoutText().contains("\"status\":200"), result::toString);
        HttpSink.Request request = app.await(before + 1, Duration.ofSeconds(10)).get(before);
        assertEquals(target, request.rawTarget(), "the request the agent sent");
    }
}
