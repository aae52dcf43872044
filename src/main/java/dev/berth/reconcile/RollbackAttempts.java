package dev.berth.reconcile;

import dev.berth.config.AppCatalog;
import dev.berth.config.AppDefinition;
import dev.berth.config.EnvironmentSpec;
import dev.berth.config.HostSpec;
import dev.berth.deploy.Deployment;
import dev.berth.deploy.DeploymentExecutor.DeployLog;
import dev.berth.deploy.DeploymentStore;
import dev.berth.domain.AppName;
import dev.berth.domain.DeploymentId;
import dev.berth.domain.EnvName;
import dev.berth.domain.ReleaseId;
import dev.berth.host.AgentInstaller;
import dev.berth.host.AgentOutput;
import dev.berth.host.ExecResult;
import dev.berth.host.HostTransport;
import dev.berth.notify.Notification;
import dev.berth.notify.NotificationKind;
import dev.berth.notify.NotificationOutbox;
import dev.berth.notify.Severity;
import dev.berth.promote.EnvironmentRecords;
import dev.berth.promote.PromotionMetrics;
import dev.berth.promote.PromotionMetrics.RollbackReason;
import dev.berth.promote.Rollbacks;
import dev.berth.promote.VerifyDeployment;
import dev.berth.verify.CheckResult;
import dev.berth.verify.Verification;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * Carries out the rollback an environment's status record asks for, all or nothing: every host is switched to the
 * restored release (a host that runs it already is left alone), then the environment is re-verified. Only when both
 * hold is the rollback restored; {@link #announce} then records the restored release ({@code rollback:<id>}),
 * marks it known-good and sends the {@code rollback} notification. Otherwise the record goes to
 * {@link Phase#ROLLBACK_FAILED} with the next attempt due after a backoff, an ERROR line is logged,
 * {@code berth_rollbacks_failed_total} counts it, and the first failure of a rollback sends one CRITICAL
 * {@code rollback.failed} notification (never the "Rolled back" one).
 */
@ApplicationScoped
public class RollbackAttempts {

    private static final Logger LOG = Logger.getLogger(RollbackAttempts.class);

    private final AppCatalog catalog;
    private final EnvStatusStore statuses;
    private final ReconcileQueue queue;
    private final DeploymentStore store;
    private final EnvironmentRecords records;
    private final Rollbacks rollbacks;
    private final VerifyDeployment verifier;
    private final HostTransport transport;
    private final AgentInstaller agents;
    private final NotificationOutbox outbox;
    private final PromotionMetrics metrics;
    private final ReconcileConfig config;
    private final Clock clock;

    public RollbackAttempts(AppCatalog catalog, EnvStatusStore statuses, ReconcileQueue queue, DeploymentStore store,
            EnvironmentRecords records, Rollbacks rollbacks, VerifyDeployment verifier, HostTransport transport,
            AgentInstaller agents, NotificationOutbox outbox, PromotionMetrics metrics, ReconcileConfig config,
            Clock clock) {
        this.catalog = catalog;
        this.statuses = statuses;
        this.queue = queue;
        this.store = store;
        this.records = records;
        this.rollbacks = rollbacks;
        this.verifier = verifier;
        this.transport = transport;
        this.agents = agents;
        this.outbox = outbox;
        this.metrics = metrics;
        this.config = config;
        this.clock = clock;
    }

    /**
     * The log lines of a restored attempt, by failed deployment id, until {@link #announce} writes them to the
     * rollback's own record (which exists only once the failed deployment is finished).
     */
    private final java.util.Map<String, java.util.List<String[]>> restoredLines =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** What one attempt did: restored (every host runs {@code release}, re-verified), or why not. */
    public record Outcome(boolean restored, String release, String problem) {
    }

    /** Records the decision to roll back {@code app/env} (unless one is pending already) and queues it. */
    public EnvStatus request(AppName app, EnvName env, EnvStatus.RollbackIntent intent) {
        EnvStatus s = statuses.update(app, env, x -> x.rollback() != null ? x
                : x.withRollback(intent).withPhase(Phase.ROLLING_BACK).settled());
        queue.enqueue(app, env, clock.instant());
        return s;
    }

    /** One attempt of the rollback in {@code s}; {@code lost} stops it before the next host. */
    public Outcome attempt(EnvStatus s, BooleanSupplier lost) {
        EnvStatus.RollbackIntent intent = s.rollback();
        Optional<AppDefinition> app = catalog.find(s.app());
        Optional<EnvironmentSpec> env = app.flatMap(a -> a.environment(s.env()));
        Optional<Deployment> failed = store.find(new DeploymentId(intent.from()));
        if (env.isEmpty() || failed.isEmpty()) {
            String why = env.isEmpty() ? s.app() + "/" + s.env() + " is not defined any more"
                    : "the deployment " + intent.from() + " is gone";
            LOG.errorf("Rollback of %s/%s dropped: %s", s.app(), s.env(), why);
            statuses.update(s.app(), s.env(), x -> x.withRollback(null).withPhase(Phase.FAILED).withError(
                    "rollback dropped: " + why));
            return new Outcome(false, intent.to(), why);
        }
        Deployment d = failed.get();
        RollbackReason reason = RollbackReason.of(intent.kind());
        // The attempt's lines are held back: a restored attempt's go to the rollback's own record (opened once the
        // failed deployment is finished), a failed attempt's to the failed deployment's log.
        java.util.List<String[]> lines = new java.util.ArrayList<>();
        DeployLog log = (stream, line) -> lines.add(new String[] {stream, line});
        boolean first = !intent.failedOnce() && s.attempts() == 0;
        if (first) {
            metrics.rollbackStarted(s.app(), s.env(), reason);
        }
        boolean quarantine = reason == RollbackReason.VERIFICATION || reason == RollbackReason.REGRESSION;
        if (quarantine) {
            records.quarantine(s.app(), d.digest(), "failed in " + s.env() + " at " + intent.decidedAt() + ": "
                    + trigger(intent));
        }
        String to = intent.to() != null ? intent.to()
                : rollbacks.target(app.get(), env.get(), d).map(ReleaseId::value).orElse(null);
        EnvStatus.RollbackIntent aimed = new EnvStatus.RollbackIntent(intent.from(), to, intent.kind(),
                intent.check(), intent.detail(), intent.decidedAt(), false, intent.failedOnce());
        log.line("berth", "rolling back " + s.app() + "/" + s.env() + " from release " + d.releaseId() + " (deployment "
                + d.id() + ") to " + (to == null ? "nothing" : to) + " after " + trigger(intent));
        log.line("berth", "rollback of " + s.app() + "/" + s.env() + " (attempt " + (s.attempts() + 1) + "): "
                + (to == null ? "no release to restore" : "restoring release " + to + " on every host"));
        String problem = to == null ? "no earlier good release to go back to (the known-good one is the failed"
                + " one, the others are quarantined or gone)" : null;
        for (HostSpec h : to == null ? java.util.List.<HostSpec>of() : env.get().hosts()) {
            if (lost.getAsBoolean()) {
                flush(d, lines);
                return new Outcome(false, to, "stopped: the reconciler lost its lease");
            }
            if (to.equals(statuses.read(s.app(), s.env()).observed(h.ssh()))) {
                log.line("berth", "host " + h.ssh() + ": runs release " + to + " already");
                continue;
            }
            String error = restore(app.get(), env.get(), h, to, log);
            statuses.update(s.app(), s.env(), x -> error == null ? x.withHost(h.ssh(), to, null)
                    : x.withHost(h.ssh(), x.observed(h.ssh()), error));
            if (error != null) {
                problem = problem == null ? error : problem + "; " + error;
            }
        }
        String reverify = "not run";
        if (problem == null) {
            Verification v = verifier.verify(app.get(), env.get(), d, log);
            reverify = v.outcome().name().toLowerCase();
            if (v.outcome() != Verification.Outcome.VERIFIED) {
                problem = "restored release " + to + " failed its re-verification"
                        + (v.decisive() == null ? "" : " (" + Rollbacks.describe(v.decisive()) + ")");
            }
        }
        String note = Rollbacks.note(s.app(), s.env(), d, Instant.parse(intent.decidedAt()), trigger(intent),
                problem == null ? to : null, problem, reverify, quarantine);
        note.lines().forEach(line -> log.line("berth", line));
        if (problem != null) {
            flush(d, lines);
            fail(s, aimed, d, reason, problem, first, note);
            return new Outcome(false, to, problem);
        }
        store.incident(d.id(), note);
        restoredLines.put(d.id().value(), lines);
        statuses.update(s.app(), s.env(), x -> {
            EnvStatus next = x.withRollback(aimed.asRestored()).withPhase(Phase.ROLLING_BACK).withError(null);
            return quarantine ? next.withQuarantined(d.digest().value()) : next;
        });
        return new Outcome(true, to, null);
    }

    /** Writes the held-back lines of an attempt that did not restore to the failed deployment's log. */
    private void flush(Deployment d, java.util.List<String[]> lines) {
        lines.forEach(l -> store.log(d.id(), l[0], l[1]));
    }

    /** Switches {@code h} to {@code release}; returns null when done, else what went wrong there. */
    private String restore(AppDefinition app, EnvironmentSpec env, HostSpec h, String release, DeployLog log) {
        try {
            ExecResult r = transport.exec(h.target(), agents.commands().rollback(h.root(), app.name(), env.name(),
                    Optional.of(new ReleaseId(release))), null, (st, line) -> log.line(st.name().toLowerCase(), line),
                    null);
            if (!r.ok()) {
                return "host " + h.ssh() + ": agent rollback exited " + r.exitStatus()
                        + (r.stderr().isEmpty() ? "" : " (" + r.stderr().get(r.stderr().size() - 1) + ")");
            }
            String now = AgentOutput.field(r, "current").orElse(release);
            return now.equals(release) ? null : "host " + h.ssh() + ": runs " + now + " after the rollback, not "
                    + release;
        } catch (RuntimeException e) {
            agents.forget(h.target());
            return "host " + h.ssh() + ": " + e.getMessage();
        }
    }

    private void fail(EnvStatus s, EnvStatus.RollbackIntent aimed, Deployment d, RollbackReason reason,
            String problem, boolean first, String note) {
        Instant now = clock.instant();
        Instant retryAt = now.plus(backoff(s.attempts()));
        LOG.errorf("Rollback of %s/%s%s FAILED (attempt %d): %s; hosts are not all restored; next attempt at %s",
                s.app(), s.env(), aimed.to() == null ? "" : " to " + aimed.to(), s.attempts() + 1, problem, retryAt);
        store.log(d.id(), "berth", "rollback failed: " + problem + "; next attempt at " + retryAt);
        metrics.rollbackFailed(s.app(), s.env(), reason);
        if (first) {
            metrics.rollbackEnded(s.app(), s.env(), reason, "failed",
                    Duration.between(Instant.parse(aimed.decidedAt()), now));
        }
        if (!aimed.failedOnce()) {
            publish(Notification.of(NotificationKind.ROLLBACK_FAILED, s.app().value(), s.env().value(),
                    "Rollback of " + s.app() + "/" + s.env() + " FAILED: not every host runs "
                            + (aimed.to() == null ? "a good release" : "release " + aimed.to()), now)
                    .withSeverity(Severity.CRITICAL).withImage(d.digest().value(), d.tag())
                    .withDeployment(d.releaseId().value(), d.id().value())
                    .withText(problem + "\nberth retries (next attempt at " + retryAt + ").\n\n" + note));
        }
        boolean quarantine = reason == RollbackReason.VERIFICATION || reason == RollbackReason.REGRESSION;
        statuses.update(s.app(), s.env(), x -> {
            EnvStatus next = x.withRollback(aimed.asFailed()).withPhase(Phase.ROLLBACK_FAILED)
                    .withRetry(problem, retryAt);
            return quarantine ? next.withQuarantined(d.digest().value()) : next;
        });
        queue.enqueue(s.app(), s.env(), retryAt);
    }

    /** The wait after {@code attempts} failed attempts: the first retry delay, doubled each time, capped. */
    Duration backoff(int attempts) {
        Duration d = config.rollbackRetry();
        for (int i = 0; i < attempts && d.compareTo(config.rollbackRetryMax()) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(config.rollbackRetryMax()) > 0 ? config.rollbackRetryMax() : d;
    }

    /**
     * Announces a restored rollback: the record of the restored release, its known-good mark, the {@code rollback}
     * notification, the duration metric; then the environment is healthy again and wants the restored release.
     */
    public void announce(EnvStatus s) {
        EnvStatus.RollbackIntent intent = s.rollback();
        Optional<AppDefinition> app = catalog.find(s.app());
        Optional<Deployment> failed = store.find(new DeploymentId(intent.from()));
        Optional<Deployment> restored = Optional.empty();
        java.util.List<String[]> lines = restoredLines.remove(intent.from());
        if (app.isPresent() && failed.isPresent()) {
            Deployment d = failed.get();
            String note = store.incident(d.id()).orElse("");
            if (lines == null) {
                // The attempt ran in another berth process: its steps are not here, the incident note is.
                lines = new java.util.ArrayList<>();
                lines.add(new String[] {"berth", "rolling back " + s.app() + "/" + s.env() + " from release "
                        + d.releaseId() + " (deployment " + d.id() + ") to " + intent.to() + " after "
                        + trigger(intent)});
                for (String l : note.lines().toList()) {
                    lines.add(new String[] {"berth", l});
                }
            }
            java.util.List<String[]> held = lines;
            restored = rollbacks.open(app.get(), d, intent.to(), trigger(intent),
                    (stream, line) -> store.log(d.id(), stream, line));
            String into = restored.map(r -> r.id().value()).orElse(d.id().value());
            held.forEach(l -> store.log(new DeploymentId(into), l[0], l[1]));
            restored.ifPresent(r -> records.markGood(r, clock.instant()));
            // The record ends (succeeded, its log closed) with the incident note already on the failed deployment,
            // and before the status record settles: whoever sees the environment healthy again finds the record.
            restored = restored.flatMap(r -> rollbacks.close(app.get(), d, r).or(() -> Optional.of(r)));
            publish(Notification.of(NotificationKind.ROLLBACK, s.app().value(), s.env().value(),
                    "Rolled back " + s.app() + "/" + s.env() + " after " + intent.check() + " failed",
                    clock.instant()).withImage(d.digest().value(), d.tag())
                    .withDeployment(d.releaseId().value(), d.id().value()).withText(note));
        }
        RollbackReason reason = RollbackReason.of(intent.kind());
        metrics.rollbackEnded(s.app(), s.env(), reason, "restored",
                Duration.between(Instant.parse(intent.decidedAt()), clock.instant()));
        if (intent.failedOnce()) {
            LOG.infof("Rollback of %s/%s to %s restored every host after %d failed attempt(s)", s.app(), s.env(),
                    intent.to(), s.attempts());
        } else {
            LOG.infof("Rollback of %s/%s to %s restored every host", s.app(), s.env(), intent.to());
        }
        Optional<EnvStatus.Desired> desired = restored.map(r -> new EnvStatus.Desired(r.id().value(),
                r.digest().value(), r.tag(), r.releaseId().value(), r.composeSha256(), r.reason()));
        Optional<EnvStatus.Release> restoredRelease = restored.map(r -> new EnvStatus.Release(r.id().value(),
                r.digest().value(), r.releaseId().value(), r.tag()));
        statuses.update(s.app(), s.env(), x -> {
            if (x.rollback() == null || !x.rollback().from().equals(intent.from())) {
                return x;
            }
            EnvStatus next = x.withRollback(null).withPhase(Phase.HEALTHY).settled();
            // What runs is the restored release (its record's save said so too).
            return restoredRelease.isPresent() ? next.withDesired(desired.get()).withCurrent(restoredRelease.get())
                    : next;
        });
    }

    private static String trigger(EnvStatus.RollbackIntent intent) {
        return intent.check() == null ? intent.kind() : intent.check() + ": " + intent.detail();
    }

    /** A rollback intent decided now, from deployment {@code from}. */
    public EnvStatus.RollbackIntent intent(Deployment from, String to, RollbackReason reason, CheckResult trigger) {
        return new EnvStatus.RollbackIntent(from.id().value(), to, reason.tag(), trigger.check(), trigger.detail(),
                clock.instant().toString(), false, false);
    }

    private void publish(Notification n) {
        try {
            outbox.publish(n);
        } catch (RuntimeException e) {
            LOG.errorf("Notification %s not queued: %s", n.kind().wire(), e.getMessage());
        }
    }

}
