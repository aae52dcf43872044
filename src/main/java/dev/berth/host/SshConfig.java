package dev.berth.host;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** How berth reaches deploy hosts over SSH. docs/ssh.md explains each setting. */
@ConfigMapping(prefix = "berth.ssh")
public interface SshConfig {

    /**
     * The deploy key file (OpenSSH or PEM format). When unset, berth starts but every host operation fails with
     * {@link SshNotConfigured}; when set but unreadable or unparsable, berth refuses to start.
     */
    Optional<Path> privateKey();

    /** Passphrase of the deploy key, when it has one. Never logged. */
    Optional<String> privateKeyPassphrase();

    /**
     * An OpenSSH known_hosts file (hashed and {@code [host]:port} entries work) for hosts without a {@code hostKey}
     * pin in app.yaml. When unset, only pinned hosts can be reached. Reread on every new connection.
     */
    Optional<Path> knownHosts();

    /** Limit for the TCP connect, the key exchange and authentication, and for opening a channel. */
    @WithDefault("10s")
    Duration connectTimeout();

    /** How long a remote command may run when the caller gives no timeout; then it is killed. */
    @WithDefault("10m")
    Duration commandTimeout();

    /** Commands and uploads running at once on one host (OpenSSH allows 10 sessions per connection). */
    @WithDefault("4")
    int maxSessionsPerHost();

    /** Hosts berth works on at once; further hosts wait for a free slot. */
    @WithDefault("32")
    int maxConcurrentHosts();

    /** A pooled connection unused for this long is closed. */
    @WithDefault("5m")
    Duration idleTimeout();

    /** Interval of SSH keepalive requests on pooled connections; a dead connection is dropped after 5 missed. */
    @WithDefault("30s")
    Duration keepaliveInterval();

    /** Lines of stdout and of stderr kept in an {@code ExecResult} (the last ones); all lines reach the sink. */
    @WithDefault("1000")
    int retainedLines();
}
