package dev.berth.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import net.schmizz.keepalive.KeepAliveProvider;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.Factory;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;
import org.jboss.logging.Logger;

/**
 * Opens authenticated sshj connections: connect timeout, host key verification ({@link HostKeyCheck}), deploy key
 * authentication, keepalive. Translates every failure into a typed {@link HostTransportException}.
 */
final class SshConnector {

    private static final Logger LOG = Logger.getLogger(SshConnector.class);

    /** An authenticated connection and the host key it was verified with. */
    record Connected(SSHClient client, PublicKey hostKey) {
    }

    private final SshConfig config;
    private final DefaultConfig sshj;
    private final KeyProvider key;
    private final String keyFingerprint;

    SshConnector(SshConfig config) {
        this.config = config;
        this.sshj = new DefaultConfig();
        sshj.setKeepAliveProvider(KeepAliveProvider.KEEP_ALIVE);
        sshj.setKeyAlgorithms(ed25519First(sshj.getKeyAlgorithms()));
        this.key = config.privateKey().map(this::loadKey).orElse(null);
        this.keyFingerprint = key == null ? "" : publicFingerprint(key);
        config.knownHosts().ifPresent(SshConnector::checkKnownHosts);
    }

    /** Connects and authenticates as the target's user; the caller owns (and closes) the client. */
    Connected connect(HostTarget target) {
        HostAddress address = target.address();
        if (key == null) {
            throw new SshNotConfigured(address);
        }
        SSHClient client = new SSHClient(sshj);
        int timeoutMs = (int) Math.min(Integer.MAX_VALUE, config.connectTimeout().toMillis());
        client.setConnectTimeout(timeoutMs);
        client.setTimeout(timeoutMs); // socket reads until authenticated: a server that never sends its banner
        client.getTransport().setTimeoutMs(timeoutMs);
        client.getConnection().setTimeoutMs(timeoutMs);
        client.getConnection().getKeepAlive()
                .setKeepAliveInterval((int) Math.max(1, config.keepaliveInterval().toSeconds()));
        HostKeyCheck check = new HostKeyCheck(target, config.knownHosts().orElse(null));
        client.addHostKeyVerifier(check);
        try {
            client.connect(address.host(), address.port());
        } catch (IOException e) {
            close(client);
            if (check.refusal() != null) {
                throw check.refusal();
            }
            throw new HostUnreachable(address, describe(e), e);
        }
        try {
            client.authPublickey(address.user(), key);
        } catch (UserAuthException e) {
            close(client);
            throw new AuthenticationFailed(address, keyFingerprint, e);
        } catch (TransportException e) {
            close(client);
            throw new HostUnreachable(address, "the connection broke during authentication: " + describe(e), e);
        }
        try {
            client.getSocket().setSoTimeout(0); // from now on keepalive finds dead connections; idle is not dead
        } catch (IOException e) {
            close(client);
            throw new HostUnreachable(address, "the connection broke after authentication: " + describe(e), e);
        }
        LOG.debugf("connected to %s", address);
        return new Connected(client, check.accepted());
    }

    /** The known_hosts file, or null when unset. */
    Path knownHosts() {
        return config.knownHosts().orElse(null);
    }

    /** The fingerprint of the deploy key's public half, for messages. */
    String keyFingerprint() {
        return keyFingerprint;
    }

    static void close(SSHClient client) {
        try {
            client.close();
        } catch (IOException | RuntimeException e) {
            LOG.debugf("closing an SSH connection failed: %s", e.toString());
        }
    }

    private KeyProvider loadKey(Path path) {
        if (!Files.isReadable(path)) {
            throw new IllegalStateException("berth.ssh.private-key: cannot read the deploy key file " + path);
        }
        try (SSHClient loader = new SSHClient(sshj)) {
            KeyProvider provider = config.privateKeyPassphrase()
                    .map(p -> load(loader, path, p.toCharArray()))
                    .orElseGet(() -> load(loader, path, null));
            provider.getPrivate(); // parse now: a wrong passphrase or format stops startup, not the first deploy
            return provider;
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("berth.ssh.private-key: cannot load the deploy key " + path
                    + " (OpenSSH or PEM format; set berth.ssh.private-key-passphrase if it is encrypted): "
                    + e.getMessage(), e);
        }
    }

    private static KeyProvider load(SSHClient loader, Path path, char[] passphrase) {
        try {
            return passphrase == null ? loader.loadKeys(path.toString()) : loader.loadKeys(path.toString(), passphrase);
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static String publicFingerprint(KeyProvider key) {
        try {
            return HostKeys.fingerprint(key.getPublic());
        } catch (IOException e) {
            throw new IllegalStateException("berth.ssh.private-key: cannot derive the public key: " + e.getMessage(),
                    e);
        }
    }

    private static void checkKnownHosts(Path path) {
        if (!Files.isReadable(path)) {
            throw new IllegalStateException("berth.ssh.known-hosts: cannot read " + path
                    + " (create it with ssh-keyscan, or unset the property and pin hostKey in app.yaml)");
        }
    }

    private static <T extends Factory.Named<?>> List<T> ed25519First(List<T> algorithms) {
        List<T> ordered = new ArrayList<>();
        algorithms.stream().filter(a -> a.getName().equals("ssh-ed25519")).forEach(ordered::add);
        algorithms.stream().filter(a -> !a.getName().equals("ssh-ed25519")).forEach(ordered::add);
        return ordered;
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : " " + message);
    }
}
