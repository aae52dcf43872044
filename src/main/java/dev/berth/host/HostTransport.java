package dev.berth.host;

import java.time.Duration;
import java.util.List;

/**
 * Runs commands on and copies files to deploy hosts over SSH. Blocking: call it from worker threads, never from the
 * event loop. Failures are {@link HostTransportException}s whose type alone decides whether to retry
 * ({@link HostTransportException#retryable()}).
 */
public interface HostTransport {

    /**
     * Runs {@code argv} on the host. Each argument is shell-quoted only when it contains characters outside
     * {@code [A-Za-z0-9@%+=:,./_-]} (see {@link ShellQuote}), so values that match berth's grammars arrive unquoted,
     * which the agent's forced-command mode needs (it splits {@code SSH_ORIGINAL_COMMAND} on whitespace).
     *
     * @param stdin   bytes written to the command's stdin, which is then closed; {@code null} for none
     * @param sink    receives every line of stdout and stderr as it arrives; {@code null} for none
     * @param timeout how long the command may run; {@code null} for {@code berth.ssh.command-timeout}
     * @return the exit status and the last lines of output; a non-zero status is a result, not an exception
     * @throws HostTransportException when the host cannot be reached or trusted, or the command did not finish
     */
    ExecResult exec(HostTarget host, List<String> argv, byte[] stdin, LineSink sink, Duration timeout);

    /** {@link #exec(HostTarget, List, byte[], LineSink, Duration)} without stdin or streaming, default timeout. */
    default ExecResult exec(HostTarget host, List<String> argv) {
        return exec(host, argv, null, null, null);
    }

    /**
     * Uploads {@code content} over SFTP to {@code remotePath} (absolute, or relative to the login's home) with the
     * POSIX {@code mode} (for example {@code 0755}). The file is written beside the target and renamed over it, so a
     * script that is running while it is replaced keeps reading its old content. Missing parent folders are created.
     *
     * @throws HostTransportException when the host cannot be reached or trusted, or the file cannot be written
     */
    void upload(HostTarget host, byte[] content, String remotePath, int mode);
}
