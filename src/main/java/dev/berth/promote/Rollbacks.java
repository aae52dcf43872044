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
 * quarantines the failed digest, re-verifies, and writes the incident note that is kept with the failed deployment
 * ({@link DeploymentStore#incident}) and goes out as a notification. A rollback is its own deployment record of the
 * release it restores (trigger {@code rollback:<failed id>}, created only after the failed deployment is finished)
 * with its own log; once it restored the release on every host it is succeeded and announced as {@link RolledBack},
 * so what berth reports as running, the guard and the state repository all agree with the hosts.
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
     * digest. {@code release} names the release to restore; empty means {@link #target}. When the release to restore
     * is in berth's history, the rollback is its own deployment record (trigger {@code rollback:<failed id>}, running
     * while it runs, then succeeded or failed) and its steps and incident note go to that record's log, which ends
     * like any deployment's. Otherwise (nothing to restore, or a release berth never deployed) they go to
     * {@code fallbackLog}.
     */
    public Incident rollback(AppDefinition app, EnvironmentSpec env, Deployment failed, CheckResult trigger,
            Optional<ReleaseId> release, DeployLog fallbackLog) {
        Instant at = clock.instant();
        records.quarantine(app.name(), failed.digest(), "failed in " + env.name() + " at " + at + ": "
                + describe(trigger));
        Optional<ReleaseId> to = release.or(() -> target(app, env, failed));
        Optional<Deployment> record = to.flatMap(r -> open(app, failed, r, describe(trigger)));
        DeployLog log = record.<DeployLog>map(r -> (stream, line) -> store.log(r.id(), stream, line))
                .orElse(fallbackLog);
        log.line("berth", "rolling back " + app.name() + "/" + env.name() + " from release " + failed.releaseId()
                + " (deployment " + failed.id() + ") to " + to.map(ReleaseId::value).orElse("nothing") + " after "
                + describe(trigger));
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
        boolean ok = problem == null && restored != null;
        String error = ok ? null : problem == null ? "no host reported a restored release" : problem;
        // The note is kept with the failed deployment before the rollback's record ends: whoever sees that end
        // finds the note.
        store.incident(failed.id(), note);
        record.ifPresent(r -> close(app, failed, r, error));
        if (record.isEmpty() && ok) {
            log.line("berth", "restored release " + restored + " is not in berth's history: not recorded");
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
        return new Incident(note, ok, Optional.ofNullable(restored));
    }

    /**
     * Opens the rollback's record: a running deployment of the release to restore, copied from that release's own
     * record. Empty when the release is not in berth's history (or the record cannot be saved).
     */
    private Optional<Deployment> open(AppDefinition app, Deployment failed, ReleaseId release, String why) {
        try {
            Optional<Deployment> source = store.list(Optional.of(app.name()), Optional.of(failed.env()), HISTORY)
                    .stream().filter(d -> d.releaseId().equals(release)).findFirst();
            if (source.isEmpty()) {
                return Optional.empty();
            }
            Deployment s = source.get();
            Instant now = clock.instant();
            Deployment running = new Deployment(DeploymentId.next(now), s.app(), s.env(), s.image(), s.tag(),
                    s.digest(), s.releaseId(), failed.hosts(), DeploymentStatus.RUNNING, now, now, null,
                    "rollback:" + failed.id(), "rollback of " + failed.releaseId() + " (" + why + ")", null,
                    s.composeSha256());
            store.save(running);
            return Optional.of(running);
        } catch (RuntimeException e) {
            LOG.errorf("Rollback of %s/%s not recorded: %s", app.name(), failed.env(), e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Finishes the rollback's record (succeeded when every host runs the restored release, else failed with
     * {@code error}), ends its log, and announces a succeeded one; a failure here never undoes the rollback.
     */
    private void close(AppDefinition app, Deployment failed, Deployment running, String error) {
        try {
            DeploymentStatus status = error == null ? DeploymentStatus.SUCCEEDED : DeploymentStatus.FAILED;
            Deployment done = running.with(status, clock.instant(), error);
            store.save(done);
            store.endLog(done.id(), status.wire());
            if (status == DeploymentStatus.SUCCEEDED) {
                rolledBack.fire(new RolledBack(failed, done, records.quarantined(app.name())));
            }
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
