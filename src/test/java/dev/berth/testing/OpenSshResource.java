package dev.berth.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Starts a real OpenSSH sshd ({@link OpenSshServer}) for a Quarkus test run and points berth's deploy key and
 * known_hosts at it. Tests reach the server through {@link #server()} (its address, host key fingerprint,
 * authorized_keys, restart).
 */
public class OpenSshResource implements QuarkusTestResourceLifecycleManager {

    private static volatile OpenSshServer server;

    @Override
    public Map<String, String> start() {
        server = new OpenSshServer().start();
        try {
            Path knownHosts = Files.writeString(server.dir().resolve("berth_known_hosts"),
                    server.knownHostsLine() + "\n");
            return Map.of("berth.ssh.private-key", server.clientKey().toString(),
                    "berth.ssh.known-hosts", knownHosts.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }

    public static OpenSshServer server() {
        return server;
    }
}
