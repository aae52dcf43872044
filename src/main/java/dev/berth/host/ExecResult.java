package dev.berth.host;

import java.util.List;

/**
 * How a remote command ended: its exit status and the last lines of its output (the transport keeps at most
 * {@code berth.ssh.retained-lines} lines of each stream here; the {@link LineSink} saw them all). A command killed
 * by a signal reports 128 + the signal number, as a shell does.
 */
public record ExecResult(int exitStatus, List<String> stdout, List<String> stderr) {

    public ExecResult {
        stdout = List.copyOf(stdout);
        stderr = List.copyOf(stderr);
    }

    /** Whether the command exited with status 0. */
    public boolean ok() {
        return exitStatus == 0;
    }

    /** The retained stdout lines joined with newlines. */
    public String stdoutText() {
        return String.join("\n", stdout);
    }

    /** The retained stderr lines joined with newlines. */
    public String stderrText() {
        return String.join("\n", stderr);
    }
}
