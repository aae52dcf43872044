package dev.berth.host;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** {@link SshConfig} values for tests that build an {@link SshjTransport} directly; defaults as in production. */
record TestSshConfig(Optional<Path> privateKey, Optional<String> privateKeyPassphrase, Optional<Path> knownHosts,
        Duration connectTimeout, Duration commandTimeout, int maxSessionsPerHost, int maxConcurrentHosts,
        Duration idleTimeout, Duration keepaliveInterval, int retainedLines) implements SshConfig {

    static TestSshConfig withKey(Path privateKey) {
        return new TestSshConfig(Optional.ofNullable(privateKey), Optional.empty(), Optional.empty(),
                Duration.ofSeconds(10), Duration.ofMinutes(10), 4, 32, Duration.ofMinutes(5), Duration.ofSeconds(30),
                1000);
    }

    TestSshConfig knownHosts(Path file) {
        return new TestSshConfig(privateKey, privateKeyPassphrase, Optional.of(file), connectTimeout, commandTimeout,
                maxSessionsPerHost, maxConcurrentHosts, idleTimeout, keepaliveInterval, retainedLines);
    }

    TestSshConfig passphrase(String passphrase) {
        return new TestSshConfig(privateKey, Optional.of(passphrase), knownHosts, connectTimeout, commandTimeout,
                maxSessionsPerHost, maxConcurrentHosts, idleTimeout, keepaliveInterval, retainedLines);
    }

    TestSshConfig retainedLines(int lines) {
        return new TestSshConfig(privateKey, privateKeyPassphrase, knownHosts, connectTimeout, commandTimeout,
                maxSessionsPerHost, maxConcurrentHosts, idleTimeout, keepaliveInterval, lines);
    }

    TestSshConfig maxSessionsPerHost(int sessions) {
        return new TestSshConfig(privateKey, privateKeyPassphrase, knownHosts, connectTimeout, commandTimeout,
                sessions, maxConcurrentHosts, idleTimeout, keepaliveInterval, retainedLines);
    }

    TestSshConfig connectTimeout(Duration timeout) {
        return new TestSshConfig(privateKey, privateKeyPassphrase, knownHosts, timeout, commandTimeout,
                maxSessionsPerHost, maxConcurrentHosts, idleTimeout, keepaliveInterval, retainedLines);
    }

    TestSshConfig idleTimeout(Duration idle) {
        return new TestSshConfig(privateKey, privateKeyPassphrase, knownHosts, connectTimeout, commandTimeout,
                maxSessionsPerHost, maxConcurrentHosts, idle, keepaliveInterval, retainedLines);
    }
}
