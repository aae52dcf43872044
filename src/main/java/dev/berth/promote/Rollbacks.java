package dev.berth.promote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.config.AppDefinition;
import dev.berth.config.EnvironmentSpec;
import dev.berth.deploy.Deployment;
import dev.berth.deploy.DeploymentExecutor.DeployLog;
import dev.berth.deploy.DeploymentStatus;
import dev.berth.deploy.DeploymentStore;
import dev.berth.domain.DeploymentId;
import dev.berth.domain.ReleaseId;
import dev.berth.host.AgentInstaller;
import dev.berth.host.ExecResult;
import dev.berth.host.HostTarget;
import dev.berth.host.HostTransport;
import dev.berth.config.HostSpec;
import dev.berth.notify.Notification;
import dev.berth.notify.NotificationKind;
import dev.berth.notify.NotificationOutbox;
import dev.berth.verify.CheckResult;
import dev.berth.verify.Verification;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Rolls an environment back to its last known-good release (or a named one) on every host through the agent,
 * quarantines the failed digest, re-verifies, and writes the incident note that goes with the deployment and out
 * as a notification. A rollback that restored a release on every host is recorded as a succeeded deployment of the
 * restored release (trigger {@code rollback:<failed id>}) and announced as {@link RolledBack}, so what berth reports
 * as running, the guard and the state repository all agree with the hosts.
 */
@ApplicationScoped
public class Rollbacks {

    private static final Logger LOG = Logger.getLogger(Rollbacks.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Deployments searched for the restored release. */
    private static final int HISTORY = 50;

    private final HostTransport transport;
    private final AgentInstaller agents;
    private final EnvironmentRecords records;
    private final VerifyDeployment verifier;
    private final NotificationOutbox outbox;
    private final DeploymentStore store;
    private final Event<RolledBack> rolledBack;
    private final Clock clock;

    public Rollbacks(HostTransport transport, AgentInstaller agents, EnvironmentRecords records,
            VerifyDeployment verifier, NotificationOutbox outbox, DeploymentStore store, Event<RolledBack> rolledBack,
            Clock clock) {
        this.transport = transport;
        this.agents = agents;
        this.records = records;
        this.verifier = verifier;
        this.outbox = outbox;
        this.store = store;
        this.rolledBack = rolledBack;
        this.clock = clock;
    }

    /** What a rollback did, for the deployment record and the incident note. */
    public record Incident(String note, boolean restored, Optional<String> restoredRelease) {
    }

    /**
     * The release a rollback away from {@code from} restores when none is named: the environment's known-good release
     * when it is not {@code from}'s, else the newest earlier succeeded release of another digest that is not
     * quarantined. berth always names it to the agent, so the host's own fallback (its previous release, which after
     * one rollback is the release that was rolled back) never decides. Empty: nothing good to go back to.
     */
    public Optional<ReleaseId> target(AppDefinition app, EnvironmentSpec env, Deployment from) {
        Optional<String> good = records.knownGood(app.name(), env.name())
                .filter(g -> !g.release().equals(from.releaseId().value()) && !g.digest().equals(from.digest()))
                .map(EnvironmentRecords.KnownGood::release);
        if (good.isPresent()) {
            return good.map(ReleaseId::new);
        }
        return store.list(Optional.of(app.name()), Optional.of(env.name()), HISTORY).stream()
                .filter(d -> d.status() == DeploymentStatus.SUCCEEDED)
                .filter(d -> !d.releaseId().equals(from.releaseId()) && !d.digest().equals(from.digest()))
                .filter(d -> records.quarantined(app.name(), d.digest()).isEmpty())
                .map(Deployment::releaseId).findFirst();
    }

    /**
     * Rolls back {@code failed} after {@code trigger} (the check result that crossed the threshold), quarantining its
     * digest. {@code release} names the release to restore; empty means {@link #target}.
     */
    public Incident rollback(AppDefinition app, EnvironmentSpec env, Deployment failed, CheckResult trigger,
            Optional<ReleaseId> release, DeployLog log) {
        Instant at = clock.instant();
        records.quarantine(app.name(), failed.digest(), "failed in " + env.name() + " at " + at + ": "
                + describe(trigger));
        Optional<ReleaseId> to = release.or(() -> target(app, env, failed));
        List<String> restoredOn = new ArrayList<>();
        String restored = null;
        String problem = to.isPresent() ? null
                : "no earlier good release to go back to (the known-good one is the failed one, the others are"
                        + " quarantined or gone)";
        for (HostSpec h : to.isPresent() ? env.hosts() : List.<HostSpec>of()) {
            HostTarget host = h.target();
            try {
                ExecResult r = transport.exec(host, agents.commands().rollback(h.root(), app.name(), env.name(),
                        to), null, (s, line) -> log.line(s.name().toLowerCase(), line), null);
                if (r.ok()) {
                    restored = currentOf(r).orElse(restored);
                    restoredOn.add(h.ssh());
                } else {
                    problem = "host " + h.ssh() + ": agent rollback exited " + r.exitStatus()
                            + (r.stderr().isEmpty() ? "" : " (" + r.stderr().get(r.stderr().size() - 1) + ")");
                }
            } catch (RuntimeException e) {
                problem = "host " + h.ssh() + ": " + e.getMessage();
            }
        }
        String reverify = "not run";
        if (problem == null) {
            Verification v = verifier.verify(app, env, failed, log);
            reverify = v.outcome().name().toLowerCase();
        }
        String note = """
                Incident: %s/%s rolled back
                Failed release: %s (%s%s)
                Time (UTC): %s
                Trigger: %s
                Restored release: %s%s
                Re-verification: %s
                The digest %s is quarantined for %s: it is not deployed automatically again until a newer push \
                or an explicit promote.
                """.formatted(app.name(), env.name(), failed.releaseId(), failed.digest(),
                failed.tag() == null ? "" : ", tag " + failed.tag(), at, describe(trigger),
                restored == null ? "none" : restored, problem == null ? "" : " (problem: " + problem + ")",
                reverify, failed.digest(), app.name());
        note.lines().forEach(line -> log.line("berth", line));
        if (problem == null && restored != null) {
            record(app, failed, restored, describe(trigger), log);
        }
        try {
            outbox.publish(Notification.of(NotificationKind.ROLLBACK, app.name().value(), env.name().value(),
                    "Rolled back " + app.name() + "/" + env.name() + " after " + trigger.check() + " failed", at)
                    .withImage(failed.digest().value(), failed.tag())
                    .withDeployment(failed.releaseId().value(), failed.id().value())
                    .withText(note));
        } catch (RuntimeException e) {
            LOG.errorf("Rollback notification not queued: %s", e.getMessage());
        }
        return new Incident(note, problem == null && restored != null, Optional.ofNullable(restored));
    }

    /** Records what runs after the rollback and announces it; a failure here never undoes the rollback. */
    private void record(AppDefinition app, Deployment failed, String release, String why, DeployLog log) {
        try {
            Optional<Deployment> source = store.list(Optional.of(app.name()), Optional.of(failed.env()), HISTORY)
                    .stream().filter(d -> d.releaseId().value().equals(release)).findFirst();
            if (source.isEmpty()) {
                log.line("berth", "restored release " + release + " is not in berth's history: not recorded");
                return;
            }
            Deployment s = source.get();
            Instant now = clock.instant();
            Deployment restored = new Deployment(DeploymentId.next(now), s.app(), s.env(), s.image(), s.tag(),
                    s.digest(), s.releaseId(), failed.hosts(), DeploymentStatus.SUCCEEDED, now, now, now,
                    "rollback:" + failed.id(), "rollback of " + failed.releaseId() + " (" + why + ")", null,
                    s.composeSha256());
            store.save(restored);
            log.line("berth", "recorded " + restored.id() + ": " + app.name() + "/" + failed.env() + " runs "
                    + s.releaseId() + " (" + s.digest() + ") again");
            rolledBack.fire(new RolledBack(failed, restored, records.quarantined(app.name())));
        } catch (RuntimeException e) {
            LOG.errorf("Rollback of %s/%s not recorded: %s", app.name(), failed.env(), e.getMessage());
        }
    }

    private static String describe(CheckResult r) {
        return r.check() == null ? r.verdict().name().toLowerCase() : r.check() + ": " + r.detail();
    }

    private static Optional<String> currentOf(ExecResult r) {
        for (String line : r.stdout()) {
            if (line.startsWith("{")) {
                try {
                    JsonNode n = JSON.readTree(line);
                    if (n.hasNonNull("current")) {
                        return Optional.of(n.get("current").asText());
                    }
                } catch (java.io.IOException e) {
                    // not the agent's JSON line
                }
            }
        }
        return Optional.empty();
    }
}
