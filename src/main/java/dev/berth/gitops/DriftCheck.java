package dev.berth.gitops;

import dev.berth.config.AppDefinition;
import dev.berth.config.EnvironmentSpec;
import dev.berth.config.HostSpec;
import dev.berth.deploy.DeployLocks;
import dev.berth.deploy.DeployQueue;
import dev.berth.deploy.Deployment;
import dev.berth.domain.DeploymentId;
import dev.berth.reconcile.EnvStatus;
import dev.berth.reconcile.EnvStatusStore;
import dev.berth.deploy.DeploymentStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Checks one environment for drift: asks each host what it runs and compares it with what the environment's status
 * record says runs there ({@code current}). Environments that ran nothing yet, or whose reconciler is busy (lease
 * held, a deployment queued or running, a rollback pending), are not checked: their hosts are about to change.
 */
@ApplicationScoped
public class DriftCheck {

    private static final Logger LOG = Logger.getLogger(DriftCheck.class);
    private final DeploymentStore store;
    private final DeployQueue queue;
    private final DeployLocks locks;
    private final HostStatusProbe probe;
    private final DriftEpisodes episodes;
    private final DriftGauges gauges;
    private final DriftReports reports;
    private final Clock clock;
    private final EnvStatusStore statuses;

    public DriftCheck(DeploymentStore store, DeployQueue queue, DeployLocks locks, HostStatusProbe probe,
            DriftEpisodes episodes, DriftGauges gauges, DriftReports reports, Clock clock, EnvStatusStore statuses) {
        this.statuses = statuses;
        this.store = store;
        this.queue = queue;
        this.locks = locks;
        this.probe = probe;
        this.episodes = episodes;
        this.gauges = gauges;
        this.reports = reports;
        this.clock = clock;
    }

    /** Checks every host of {@code env}; returns what changed, empty when the environment was not checked. */
    public Optional<DriftEpisodes.Outcome> check(AppDefinition app, EnvironmentSpec env) {
        Optional<Deployment> desired = desired(app, env);
        if (desired.isEmpty()) {
            return Optional.empty();
        }
        if (busy(app, env)) {
            gauges.checked(app.name(), env.name(), "skipped");
            return Optional.empty();
        }
        Deployment want = desired.get();
        Map<String, Boolean> checked = new LinkedHashMap<>();
        Map<String, List<String>> found = new LinkedHashMap<>();
        int errors = 0;
        for (HostSpec host : env.hosts()) {
            try {
                HostStatus status = probe.status(host, app.name(), env.name());
                List<String> differences = DriftRules.differences(want.releaseId(), want.digest(), app.services(),
                        status);
                if (differences.isEmpty() && status.composeError().isPresent()) {
                    throw new DriftCheckFailed("host " + host.ssh() + ": the agent cannot list containers ("
                            + status.composeError().get() + ")");
                }
                checked.put(host.ssh(), !differences.isEmpty());
                if (!differences.isEmpty()) {
                    found.put(host.ssh(), differences);
                }
            } catch (DriftCheckFailed e) {
                errors++;
                LOG.warnf("Drift check of %s/%s: %s (not counted as drift)", app.name(), env.name(), e.getMessage());
            }
        }
        DriftEpisodes.Outcome outcome = episodes.record(app.name(), env.name(),
                env.hosts().stream().map(HostSpec::ssh).toList(), checked, clock.instant());
        gauges.set(app.name(), env.name(), episodes.hostStates(app.name(), env.name()));
        gauges.checked(app.name(), env.name(), !found.isEmpty() ? "drift" : errors > 0 ? "error" : "clean");
        switch (outcome.change()) {
            case DETECTED -> {
                LOG.warnf("Drift in %s/%s: %s", app.name(), env.name(), found);
                reports.detected(app, env, want, outcome, found, selfHeal(app, env, want, outcome));
            }
            case CONTINUES -> selfHeal(app, env, want, outcome);
            case RESOLVED -> {
                LOG.infof("Drift in %s/%s resolved", app.name(), env.name());
                reports.resolved(app, env, want, outcome, clock.instant());
            }
            case CLEAN -> { }
        }
        return Optional.of(outcome);
    }

    /** What the environment runs: its status record's current deployment (a rollback's restored one after it). */
    Optional<Deployment> desired(AppDefinition app, EnvironmentSpec env) {
        EnvStatus s = statuses.read(app.name(), env.name());
        return Optional.ofNullable(s.current()).flatMap(c -> store.find(new DeploymentId(c.deployment())));
    }

    /** Its reconciler holds the lease, or a deployment or a rollback is pending: the hosts are about to change. */
    private boolean busy(AppDefinition app, EnvironmentSpec env) {
        if (locks.holder(app.name(), env.name()).isPresent()) {
            return true;
        }
        EnvStatus s = statuses.read(app.name(), env.name());
        return s.rollback() != null || (s.desired() != null && store.find(new DeploymentId(s.desired().deployment()))
                .map(d -> !d.status().terminal()).orElse(false));
    }

    /** Queues the desired digest once per episode when the environment asks for it; says what it did. */
    private Optional<String> selfHeal(AppDefinition app, EnvironmentSpec env, Deployment want,
            DriftEpisodes.Outcome outcome) {
        if (!env.drift().selfHeal()) {
            return Optional.empty();
        }
        if (busy(app, env)) {
            return Optional.of("self-heal waits: a deployment of " + app.name() + "/" + env.name() + " is in progress");
        }
        if (!episodes.claimHeal(app.name(), env.name())) {
            return Optional.empty();
        }
        try {
            Deployment d = queue.enqueue(new DeployQueue.Request(app.name(), env.name(), want.image(), want.tag(),
                    want.digest(), env.hosts().stream().map(HostSpec::ssh).toList(), "drift",
                    "drift: self-heal of " + String.join(", ", outcome.driftedHosts()) + " to " + want.digest()
                            + " (release " + want.releaseId() + " of deployment " + want.id() + ")"));
            episodes.healed(app.name(), env.name(), d.id().value());
            LOG.infof("Drift in %s/%s: self-heal queued as %s", app.name(), env.name(), d.id());
            return Optional.of("self-heal: deployment " + d.id() + " of " + want.digest() + " queued");
        } catch (RuntimeException e) {
            episodes.unclaimHeal(app.name(), env.name());
            LOG.errorf("Drift in %s/%s: self-heal not queued: %s", app.name(), env.name(), e.getMessage());
            return Optional.of("self-heal failed: " + e.getMessage());
        }
    }
}
