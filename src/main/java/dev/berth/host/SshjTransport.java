package dev.berth.host;

import io.quarkus.arc.DefaultBean;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.OpenFailException;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.sftp.SFTPClient;
import org.jboss.logging.Logger;

/**
 * The real {@link HostTransport}: sshj with pooled, verified connections per host. Created at startup so a bad
 * {@code berth.ssh.*} setting stops berth with a message naming the property.
 */
@Singleton
@Startup
@DefaultBean
public class SshjTransport implements HostTransport, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SshjTransport.class);

    private final SshConfig config;
    private final ConnectionPool pool;
    private final ExecutorService io;
    private final ScheduledExecutorService reaper;

    public SshjTransport(SshConfig config) {
        this.config = SshSettings.check(config);
        this.pool = new ConnectionPool(new SshConnector(config), config.maxConcurrentHosts(),
                config.maxSessionsPerHost());
        // Not a ManagedExecutors pool on purpose: the transport is wired by hand in many tests (no CDI), and these are
        // sshj's I/O hand-offs and its idle reaper, not worker loops: a hung host shows as a step's own timeout.
        this.io = Executors.newCachedThreadPool(daemon("berth-ssh-io-"));
        this.reaper = Executors.newSingleThreadScheduledExecutor(daemon("berth-ssh-idle-"));
        long period = Math.max(1000, Math.min(60_000, config.idleTimeout().toMillis() / 2));
        long idleNanos = config.idleTimeout().toNanos();
        reaper.scheduleWithFixedDelay(() -> pool.closeIdle(idleNanos), period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public ExecResult exec(HostTarget host, List<String> argv, byte[] stdin, LineSink sink, Duration timeout) {
        ShellQuote.join(argv); // refuses an empty command or a NUL before any I/O
        Duration limit = timeout == null ? config.commandTimeout() : timeout;
        if (limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("command timeout must be positive, got " + limit);
        }
        LOG.debugf("exec %s on %s", argv.get(0), host.address());
        try (ConnectionPool.Lease lease = pool.lease(host)) {
            Session session = open(lease, host, SSHClient::startSession);
            return new CommandRun(host.address(), io, config.retainedLines()).run(session, argv, stdin, sink, limit);
        }
    }

    @Override
    public void upload(HostTarget host, byte[] content, String remotePath, int mode) {
        Objects.requireNonNull(content, "content");
        SftpUpload.check(remotePath, mode);
        LOG.debugf("upload %s (%d bytes) to %s", remotePath, content.length, host.address());
        try (ConnectionPool.Lease lease = pool.lease(host);
                SFTPClient sftp = open(lease, host, SSHClient::newSFTPClient)) {
            SftpUpload.put(sftp, host.address(), content, remotePath, mode);
        } catch (IOException e) {
            LOG.debugf("closing the SFTP channel to %s failed: %s", host.address(), e.toString());
        }
    }

    /** Pooled connections currently open (for tests and metrics). */
    int openConnections() {
        return pool.openConnections();
    }

    @Override
    @PreDestroy
    public void close() {
        reaper.shutdownNow();
        pool.close();
        io.shutdownNow();
    }

    /** Opens a channel; a pooled connection that turns out dead is replaced once, before anything ran. */
    private <T> T open(ConnectionPool.Lease lease, HostTarget host, Opener<T> opener) {
        try {
            return opener.open(lease.client());
        } catch (OpenFailException refused) {
            // The connection is fine (other commands may be using it); the server just refused one more channel.
            throw new HostUnreachable(host.address(), "the server refused a new session (" + refused.getMessage()
                    + "); keep berth.ssh.max-sessions-per-host at or below sshd's MaxSessions", refused);
        } catch (IOException first) {
            LOG.debugf("pooled connection to %s is dead (%s); connecting again", host.address(), first.toString());
        }
        try {
            return opener.open(lease.reconnect());
        } catch (IOException e) {
            throw new ConnectionLost(host.address(), "opening a channel on a fresh connection", e);
        }
    }

    @FunctionalInterface
    private interface Opener<T> {
        T open(SSHClient client) throws IOException;
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
