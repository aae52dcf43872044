package dev.berth.gitops;

import dev.berth.config.HostSpec;
import dev.berth.domain.AppName;
import dev.berth.domain.EnvName;
import dev.berth.host.AgentInstaller;
import dev.berth.host.ExecResult;
import dev.berth.host.HostTransport;
import dev.berth.host.HostTransportException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/** Asks one host what it runs for an app environment: {@code berth-agent status} over SSH. */
@ApplicationScoped
public class HostStatusProbe {

    /** Time {@code berth-agent status} may take (it runs the compose tool's {@code ps}). */
    static final Duration STATUS_TIMEOUT = Duration.ofSeconds(60);

    private final HostTransport transport;
    private final AgentInstaller agents;

    public HostStatusProbe(HostTransport transport, AgentInstaller agents) {
        this.transport = transport;
        this.agents = agents;
    }

    /**
     * The host's status of {@code app}/{@code env}.
     *
     * @throws DriftCheckFailed when the host cannot be reached or trusted, or its agent fails
     */
    public HostStatus status(HostSpec host, AppName app, EnvName env) {
        ExecResult result;
        try {
            result = transport.exec(host.target(), agents.commands().status(host.root(), app, env), null, null,
                    STATUS_TIMEOUT);
        } catch (HostTransportException e) {
            throw new DriftCheckFailed("host " + host.ssh() + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new DriftCheckFailed("host " + host.ssh() + ": " + e.getMessage(), e);
        }
        try {
            return HostStatus.parse(result);
        } catch (DriftCheckFailed e) {
            throw new DriftCheckFailed("host " + host.ssh() + ": " + e.getMessage(), e);
        }
    }
}
