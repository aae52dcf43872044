package dev.berth.host;

import java.time.Duration;

/**
 * The command did not finish within its timeout. berth sent it SIGKILL (OpenSSH honours that for non-root logins) and
 * closed the channel; the command may have done part of its work. Not retried automatically: the caller decides
 * (agent commands are idempotent).
 */
public final class CommandTimeout extends HostTransportException {

    public CommandTimeout(HostAddress address, String command, Duration timeout) {
        super(address, "command '" + command + "' on " + address.hostAndPort() + " did not finish within " + timeout
                + "; berth sent it SIGKILL and closed the channel, it may have done part of its work."
                + " Look at its output on the host, or raise"
                + " berth.ssh.command-timeout if it legitimately takes longer", null);
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
