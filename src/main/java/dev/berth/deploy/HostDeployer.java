package dev.berth.deploy;

import dev.berth.domain.ImageRef;
import dev.berth.domain.ServiceName;
import dev.berth.host.AgentCommands;
import dev.berth.host.AgentInstaller;
import dev.berth.host.AgentOutput;
import dev.berth.host.ExecResult;
import dev.berth.host.HostTransport;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deploys a pinned release to the hosts of an environment through the host agent, one host after another. The
 * first failure stops the rollout; the agent has switched that host back to its previous release.
 */
@ApplicationScoped
public class HostDeployer implements DeploymentExecutor {

    private final HostTransport transport;
    private final DeployPlans plans;
    private final AgentInstaller agents;
    private final AgentCommands agent;
    private final DeployConfig config;

    public HostDeployer(HostTransport transport, DeployPlans plans, AgentInstaller agents, DeployConfig config) {
        this.transport = transport;
        this.plans = plans;
        this.agents = agents;
        this.agent = agents.commands();
        this.config = config;
    }

    @Override
    public void execute(Deployment d, DeployLog log) throws DeployFailed {
        execute(d, log, Progress.NONE);
    }

    @Override
    public void execute(Deployment d, DeployLog log, Progress progress) throws DeployFailed {
        DeployPlan plan = plans.plan(d);
        Map<ServiceName, ImageRef> images = new LinkedHashMap<>();
        for (ServiceName service : plan.services()) {
            images.put(service, d.image().withDigest(d.digest()));
        }
        for (DeployPlan.Host host : plan.hosts()) {
            String where = host.target().address() + " (" + host.root() + ")";
            String ssh = host.ssh();
            progress.beforeHost(ssh);
            if (progress.done(ssh)) {
                log.line("berth", "host " + where + ": runs release " + d.releaseId() + " already");
                continue;
            }
            try {
                log.line("berth", "host " + where + ": checking agent");
                try {
                    agents.ensure(host.target(), line -> log.line("berth", line));
                } catch (RuntimeException e) {
                    agents.forget(host.target());
                    throw new DeployFailed("host " + where + ": " + e.getMessage(), e);
                }
                run(host, agent.prepare(host.root(), d.app(), d.env(), d.releaseId(), images), plan.compose(), log,
                        "prepare release " + d.releaseId() + " on " + where);
                ExecResult activated = run(host, agent.activate(host.root(), d.app(), d.env(), d.releaseId()), null,
                        log, "activate release " + d.releaseId() + " on " + where);
                progress.switched(ssh, AgentOutput.field(activated, "previous").orElse(null),
                        d.releaseId().value());
            } catch (DeployFailed e) {
                progress.failed(ssh, e.getMessage());
                throw e;
            }
            log.line("berth", "host " + where + ": release " + d.releaseId() + " is up");
            try {
                transport.exec(host.target(), agent.prune(host.root(), d.app(), d.env(), config.keepReleases()), null,
                        (stream, line) -> log.line(stream.name().toLowerCase(), line), Duration.ofMinutes(1));
            } catch (RuntimeException e) {
                log.line("berth", "host " + where + ": prune failed (" + e.getMessage() + "); continuing");
            }
        }
    }

    private ExecResult run(DeployPlan.Host host, List<String> argv, byte[] stdin, DeployLog log, String what)
            throws DeployFailed {
        ExecResult result;
        try {
            result = transport.exec(host.target(), argv, stdin,
                    (stream, line) -> log.line(stream.name().toLowerCase(), line), null);
        } catch (RuntimeException e) {
            agents.forget(host.target());
            throw new DeployFailed(what + " failed: " + e.getMessage(), e);
        }
        if (!result.ok()) {
            String last = result.stderr().isEmpty() ? "" : ": " + result.stderr().get(result.stderr().size() - 1);
            throw new DeployFailed(what + " failed with exit status " + result.exitStatus() + last);
        }
        return result;
    }
}
