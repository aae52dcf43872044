package dev.berth.host;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Makes sure each host runs the agent this berth ships: checks {@code berth-agent version} (interface version and
 * the file's sha256) before the first deploy to a host, and installs or updates it over SFTP when
 * {@code berth.hosts.install-agent} names where.
 */
@ApplicationScoped
public class AgentInstaller {

    static final String RESOURCE = "/agent/berth-agent";
    private static final Duration VERSION_TIMEOUT = Duration.ofSeconds(30);

    private final HostTransport transport;
    private final HostsConfig config;
    private final AgentCommands commands;
    private final byte[] bundled;
    private final String bundledSha;
    private final Set<String> verified = ConcurrentHashMap.newKeySet();

    public AgentInstaller(HostTransport transport, HostsConfig config) {
        this.transport = transport;
        this.config = config;
        this.commands = new AgentCommands(config.installAgent().orElse(config.agent()));
        this.bundled = load();
        this.bundledSha = "sha256:" + sha256(bundled);
    }

    public AgentCommands commands() {
        return commands;
    }

    /** The checksum of the agent this berth ships. */
    public String bundledChecksum() {
        return bundledSha;
    }

    /** Checks (and when allowed installs) the agent on {@code host}; throws {@link AgentMismatch} when unusable. */
    public void ensure(HostTarget host, Consumer<String> log) {
        String key = host.address().toString();
        if (verified.contains(key)) {
            return;
        }
        String found = installed(host);
        if (found.equals(expected())) {
            verified.add(key);
            return;
        }
        if (config.installAgent().isEmpty()) {
            if (found.startsWith("berth-agent " + AgentCommands.AGENT_VERSION + " ")) {
                log.accept("host " + key + ": agent checksum differs from the one berth ships (" + found
                        + "); using it");
                verified.add(key);
                return;
            }
            throw new AgentMismatch("host " + key + " has " + (found.isEmpty() ? "no usable berth-agent" : "'" + found
                    + "'") + "; berth needs '" + expected() + "': install deploy/host/berth-agent there "
                    + "(docs/host-agent.md) or set berth.hosts.install-agent");
        }
        log.accept("host " + key + ": installing berth-agent " + AgentCommands.AGENT_VERSION + " at "
                + config.installAgent().get());
        transport.upload(host, bundled, config.installAgent().get(), 0755);
        String after = installed(host);
        if (!after.equals(expected())) {
            throw new AgentMismatch("host " + key + ": after installing the agent it reports '" + after + "'");
        }
        verified.add(key);
    }

    /** Forgets what was verified about a host (after a failure, so the next deploy checks again). */
    public void forget(HostTarget host) {
        verified.remove(host.address().toString());
    }

    private String installed(HostTarget host) {
        ExecResult r = transport.exec(host, commands.version(), null, (s, l) -> { }, VERSION_TIMEOUT);
        return r.ok() && !r.stdout().isEmpty() ? r.stdout().get(0).strip() : "";
    }

    private String expected() {
        return "berth-agent " + AgentCommands.AGENT_VERSION + " " + bundledSha;
    }

    private static byte[] load() {
        try (InputStream in = AgentInstaller.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the host agent is missing from berth's build (" + RESOURCE + ")");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The host's agent cannot be used by this berth. */
    public static class AgentMismatch extends RuntimeException {
        public AgentMismatch(String message) {
            super(message);
        }
    }
}
