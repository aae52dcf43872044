package dev.berth.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenSSH {@code sshd} on a free loopback port, configured from a file in its own temporary folder: its own
 * ed25519 host key, public-key authentication only, an {@code authorized_keys} file the test controls (with the
 * generated {@link #clientKey()} already in it), and the {@code internal-sftp} subsystem. Logins are as the user
 * running the tests. Use it for SSH transport and end-to-end deploy tests:
 *
 * <pre>{@code
 * try (OpenSshServer sshd = new OpenSshServer().start()) {
 *     HostTarget host = HostTarget.pinned(HostAddress.parse(sshd.address()), sshd.hostKeyFingerprint());
 *     ... berth.ssh.private-key = sshd.clientKey() ...
 * }
 * }</pre>
 *
 * {@link #stop()} also kills the session processes of open connections, as a host going down would.
 */
public final class OpenSshServer implements AutoCloseable {

    private static final String SSHD = "/usr/sbin/sshd";

    /** The PATH of every session: the distribution's folders only, never /usr/local/bin or the test user's own. */
    public static final String SESSION_PATH = "/usr/sbin:/usr/bin:/sbin:/bin";

    private final Path dir;
    private final int port;
    private final Path hostKey;
    private final Path clientKey;
    private final Path authorizedKeys;
    private final Path log;
    private Process process;
    private boolean hooked;

    /** Prepares the folder, host key, client key and authorized_keys; call {@link #start()} next. */
    public OpenSshServer() {
        this.port = FreePorts.next();
        try {
            this.dir = Files.createTempDirectory("berth-sshd-");
            this.hostKey = dir.resolve("ssh_host_ed25519_key");
            this.clientKey = dir.resolve("client_ed25519");
            this.authorizedKeys = dir.resolve("authorized_keys");
            this.log = dir.resolve("sshd.log");
            SshKeys.generate(hostKey, "-t", "ed25519");
            SshKeys.generate(clientKey, "-t", "ed25519");
            Files.writeString(authorizedKeys, SshKeys.publicKey(clientKey) + "\n");
            writeConfig();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare sshd", e);
        }
    }

    /** Starts sshd and waits until it answers with its SSH banner. */
    public synchronized OpenSshServer start() {
        if (!Files.isExecutable(Path.of(SSHD))) {
            throw new IllegalStateException(
                    "sshd is not installed: run bin/install-deps (apt-get install openssh-server)");
        }
        if (!hooked) {
            hooked = true; // a test JVM that is stopped early must not leave sshd behind
            Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "stop-sshd-" + port));
        }
        try {
            // sshd running as root insists on its privilege separation folder.
            if (isRoot()) {
                Files.createDirectories(Path.of("/run/sshd"));
            }
            process = new ProcessBuilder(SSHD, "-D", "-e", "-f", dir.resolve("sshd_config").toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start sshd", e);
        }
        Poll.until(Duration.ofSeconds(20), "sshd banner on port " + port, () -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("sshd exited: " + log());
            }
            return banner().startsWith("SSH-2.0-");
        });
        return this;
    }

    /** Stops sshd and kills the processes of its open sessions, as if the host went down. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Stops and starts again on the same port (with a new host key if {@link #newHostKey()} was called). */
    public OpenSshServer restart() {
        stop();
        return start();
    }

    /** Replaces the host key with a freshly generated one; it takes effect at the next (re)start. */
    public OpenSshServer newHostKey() {
        try {
            Files.delete(hostKey);
            Files.delete(Path.of(hostKey + ".pub"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SshKeys.generate(hostKey, "-t", "ed25519");
        return this;
    }

    /** Appends sshd_config lines (for example {@code "MaxSessions 1"}); they take effect at the next (re)start. */
    public OpenSshServer withConfig(String... lines) {
        try {
            Files.writeString(dir.resolve("sshd_config"), String.join("\n", lines) + "\n", StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Appends a line to authorized_keys, for example {@code publicKey(otherKey)}. */
    public OpenSshServer authorize(String authorizedKeysLine) {
        try {
            Files.writeString(authorizedKeys, authorizedKeysLine + "\n", StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /**
     * Authorizes {@code publicKeyLine} only to run {@code command} (with {@code restrict}: no pty, no forwarding);
     * the command the client asked for is in {@code SSH_ORIGINAL_COMMAND}, as for berth's host agent.
     */
    public OpenSshServer authorizeWithForcedCommand(String publicKeyLine, String command) {
        String escaped = command.replace("\"", "\\\""); // authorized_keys unescapes only \"
        return authorize("command=\"" + escaped + "\",restrict " + publicKeyLine);
    }

    /** Empties authorized_keys (then nobody can log in until {@link #authorize(String)}). */
    public OpenSshServer clearAuthorizedKeys() {
        try {
            Files.writeString(authorizedKeys, "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public int port() {
        return port;
    }

    /** The login user: whoever runs the tests. */
    public String user() {
        return System.getProperty("user.name");
    }

    /** The address as app.yaml writes it: {@code user@127.0.0.1:port}. */
    public String address() {
        return user() + "@127.0.0.1:" + port;
    }

    /** The server's temporary folder (config, keys, log); tests may put files there. */
    public Path dir() {
        return dir;
    }

    /** The authorized client private key (OpenSSH format, no passphrase); its public half is {@code .pub} beside. */
    public Path clientKey() {
        return clientKey;
    }

    /** The current host public key, {@code ssh-ed25519 AAAA...}. */
    public String hostPublicKey() {
        return SshKeys.publicKey(hostKey);
    }

    /** The current host key fingerprint as {@code ssh-keygen -lf} prints it: {@code SHA256:...}. */
    public String hostKeyFingerprint() {
        return SshKeys.fingerprint(hostPublicKey());
    }

    /** A known_hosts line for this server: {@code [127.0.0.1]:port ssh-ed25519 AAAA...}. */
    public String knownHostsLine() {
        return "[127.0.0.1]:" + port + " " + hostPublicKey();
    }

    /** How many logins sshd accepted so far (each is one SSH connection). */
    public int acceptedLogins() {
        return (int) log().lines().filter(line -> line.startsWith("Accepted publickey for ")).count();
    }

    /** What sshd logged (all runs). */
    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void writeConfig() throws IOException {
        // Sessions get a HOME of their own: the login shell of the test user must not source the machine user's
        // shell start-up files (a ~/.bashrc running `pyenv init` stalled sessions for a minute on a stale lock).
        // And a PATH of their own: sshd's default PATH includes /usr/local/bin, where a machine that followed the
        // README has installed berth-agent; a test host must find only what the test put there (SESSION_PATH).
        Path home = Files.createDirectories(dir.resolve("home"));
        Files.writeString(dir.resolve("sshd_config"), String.join("\n",
                "Port " + port,
                "ListenAddress 127.0.0.1",
                "HostKey " + hostKey,
                "PidFile " + dir.resolve("sshd.pid"),
                "AuthorizedKeysFile " + authorizedKeys,
                "AuthenticationMethods publickey",
                "PubkeyAuthentication yes",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "PermitRootLogin prohibit-password",
                "UsePAM no",
                "StrictModes no",
                "Subsystem sftp internal-sftp",
                "LogLevel INFO",
                "SetEnv HOME=" + home + " PATH=" + SESSION_PATH,
                ""));
    }

    private String banner() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            socket.setSoTimeout(2000);
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[64];
            int n = in.read(buffer);
            return n <= 0 ? "" : new String(buffer, 0, n, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return "";
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
