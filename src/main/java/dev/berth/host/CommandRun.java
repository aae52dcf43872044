package dev.berth.host;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.schmizz.sshj.connection.channel.Channel;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.connection.channel.direct.Signal;
import org.jboss.logging.Logger;

/**
 * Runs one command on an open session: feeds stdin, reads stdout and stderr concurrently line by line, and enforces
 * the timeout (on expiry: SIGKILL, close the channel, {@link CommandTimeout}). sshj can report no exit status after
 * a timeout; that never passes as success.
 */
final class CommandRun {

    private static final Logger LOG = Logger.getLogger(CommandRun.class);
    private static final Map<Signal, Integer> SIGNALS = Map.ofEntries(Map.entry(Signal.HUP, 1),
            Map.entry(Signal.INT, 2), Map.entry(Signal.QUIT, 3), Map.entry(Signal.ILL, 4), Map.entry(Signal.ABRT, 6),
            Map.entry(Signal.FPE, 8), Map.entry(Signal.KILL, 9), Map.entry(Signal.USR1, 10),
            Map.entry(Signal.SEGV, 11), Map.entry(Signal.USR2, 12), Map.entry(Signal.PIPE, 13),
            Map.entry(Signal.ALRM, 14), Map.entry(Signal.TERM, 15));

    private final HostAddress address;
    private final ExecutorService io;
    private final int retained;
    private boolean killed;

    CommandRun(HostAddress address, ExecutorService io, int retained) {
        this.address = address;
        this.io = io;
        this.retained = retained;
    }

    ExecResult run(Session session, List<String> argv, byte[] stdin, LineSink sink, Duration timeout) {
        String name = argv.get(0);
        long deadline = System.nanoTime() + timeout.toNanos();
        OutputLines output = new OutputLines(sink, retained);
        Session.Command cmd;
        try {
            cmd = session.exec(ShellQuote.join(argv));
        } catch (IOException e) {
            close(session);
            throw new ConnectionLost(address, "starting '" + name + "'", e);
        }
        Future<?> feeder = io.submit(() -> feed(cmd, stdin));
        Future<?> out = io.submit(() -> pump(output, StreamKind.STDOUT, cmd));
        Future<?> err = io.submit(() -> pump(output, StreamKind.STDERR, cmd));
        try {
            out.get(remaining(deadline), TimeUnit.NANOSECONDS);
            err.get(remaining(deadline), TimeUnit.NANOSECONDS);
            // sshj waits forever for a 0 timeout, so always pass at least 1 ms
            cmd.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining(deadline))), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw timedOut(cmd, name, timeout);
        } catch (InterruptedException e) {
            kill(cmd);
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while '" + name + "' ran on " + address);
        } catch (ExecutionException | IOException e) {
            if (remaining(deadline) <= 0 && cmd.isOpen()) {
                throw timedOut(cmd, name, timeout);
            }
            throw new ConnectionLost(address, "'" + name + "'", e instanceof ExecutionException ? e.getCause() : e);
        } finally {
            feeder.cancel(true);
            if (!killed) {
                close(cmd);
            }
        }
        return new ExecResult(exitStatus(cmd, name), output.stdout(), output.stderr());
    }

    private int exitStatus(Session.Command cmd, String name) {
        Integer status = cmd.getExitStatus();
        if (status != null) {
            return status;
        }
        Signal signal = cmd.getExitSignal();
        if (signal != null) {
            return 128 + SIGNALS.getOrDefault(signal, 127);
        }
        throw new ConnectionLost(address, "'" + name + "' (the channel closed without an exit status)", null);
    }

    private CommandTimeout timedOut(Session.Command cmd, String name, Duration timeout) {
        kill(cmd);
        return new CommandTimeout(address, name, timeout);
    }

    /**
     * Sends SIGKILL (OpenSSH honours it for non-root logins only) and closes the channel. sshd answers the close only
     * once the process is gone, so the close runs in the background: the caller gets its answer at the deadline.
     */
    private void kill(Session.Command cmd) {
        killed = true;
        try {
            cmd.signal(Signal.KILL);
        } catch (IOException | RuntimeException e) {
            LOG.debugf("signalling a timed-out command failed: %s", e.toString());
        }
        io.submit(() -> close(cmd));
    }

    private static Void feed(Session.Command cmd, byte[] stdin) throws IOException {
        try (OutputStream in = cmd.getOutputStream()) {
            if (stdin != null && stdin.length > 0) {
                in.write(stdin);
            }
        }
        return null;
    }

    private static Void pump(OutputLines output, StreamKind kind, Session.Command cmd) throws IOException {
        output.pump(kind, kind == StreamKind.STDOUT ? cmd.getInputStream() : cmd.getErrorStream());
        return null;
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    static void close(Channel session) {
        try {
            session.close();
        } catch (IOException | RuntimeException e) {
            LOG.debugf("closing an SSH channel failed: %s", e.toString());
        }
    }
}
