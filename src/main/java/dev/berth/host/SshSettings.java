package dev.berth.host;

import java.time.Duration;

/** Startup checks of {@link SshConfig}: a bad value stops berth with a message naming the property. */
final class SshSettings {

    private SshSettings() {
    }

    static SshConfig check(SshConfig config) {
        positive("berth.ssh.connect-timeout", config.connectTimeout());
        positive("berth.ssh.command-timeout", config.commandTimeout());
        positive("berth.ssh.idle-timeout", config.idleTimeout());
        if (config.keepaliveInterval().compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalStateException("berth.ssh.keepalive-interval must be at least 1s, got "
                    + config.keepaliveInterval());
        }
        range("berth.ssh.max-sessions-per-host", config.maxSessionsPerHost(), 1, 64);
        range("berth.ssh.max-concurrent-hosts", config.maxConcurrentHosts(), 1, 10_000);
        range("berth.ssh.retained-lines", config.retainedLines(), 1, 1_000_000);
        return config;
    }

    private static void positive(String property, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalStateException(property + " must be a positive duration, got " + value);
        }
    }

    private static void range(String property, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalStateException(property + " must be between " + min + " and " + max + ", got " + value);
        }
    }
}
