package dev.berth.promote;

import dev.berth.config.AppDefinition;
import dev.berth.config.EnvironmentSpec;
import dev.berth.deploy.DeployLocks;
import dev.berth.deploy.Deployment;
import dev.berth.deploy.DeploymentStore;
import dev.berth.notify.Notification;
import dev.berth.notify.NotificationKind;
import dev.berth.notify.NotificationOutbox;
import dev.berth.notify.Severity;
import dev.berth.verify.CheckResult;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * What the guard does about a regression: inside the rollback window a rollback under the environment's deploy
 * lock (quarantine, incident note, the restored release becomes known-good), outside it a critical alert only.
 */
@ApplicationScoped
public class GuardActions {

    private static final Logger LOG = Logger.getLogger(GuardActions.class);

    private final EnvironmentRecords records;
    private final DeploymentStore store;
    private final DeployLocks locks;
    private final Rollbacks rollbacks;
    private final NotificationOutbox outbox;
    private final PromotionMetrics metrics;
    private final Clock clock;

    public GuardActions(EnvironmentRecords records, DeploymentStore store, DeployLocks locks, Rollbacks rollbacks,
            NotificationOutbox outbox, PromotionMetrics metrics, Clock clock) {
        this.records = records;
        this.store = store;
        this.locks = locks;
        this.rollbacks = rollbacks;
        this.outbox = outbox;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Rolls {@code env} back after {@code trigger} crossed the threshold at {@code crossed}. */
    public void rollBack(AppDefinition app, EnvironmentSpec env, Deployment current, CheckResult trigger,
            Instant crossed) {
        Optional<DeployLocks.Lease> lease = locks.tryAcquire(app.name(), env.name());
        if (lease.isEmpty()) {
            LOG.infof("%s/%s regressed but a deploy holds its lock: no rollback", app.name(), env.name());
            return;
        }
        try (DeployLocks.Lease held = lease.get()) {
            LOG.warnf("%s/%s regressed within %s of its deploy (%s: %s): rolling back", app.name(), env.name(),
                    env.rollback().window(), trigger.check(), trigger.detail());
            Rollbacks.Incident incident = rollbacks.rollback(app, env, current, trigger, Optional.empty(),
                    (stream, line) -> store.log(current.id(), stream, line));
            incident.restoredRelease().flatMap(release -> store.list(Optional.of(app.name()),
                    Optional.of(env.name()), 50).stream().filter(d -> d.releaseId().value().equals(release))
                    .findFirst()).ifPresent(restored -> records.markGood(restored, clock.instant()));
            metrics.rolledBack(app.name(), env.name(), PromotionMetrics.RollbackReason.REGRESSION,
                    Duration.between(crossed, clock.instant()));
        }
    }

    /** Alerts that {@code env} fails outside its rollback window. */
    public void alert(AppDefinition app, EnvironmentSpec env, Deployment current, CheckResult trigger) {
        try {
            outbox.publish(Notification.of(NotificationKind.VERIFICATION_FAILED, app.name().value(),
                    env.name().value(), app.name() + "/" + env.name() + " is failing outside its rollback window:"
                            + " no automatic rollback", clock.instant())
                    .withSeverity(Severity.CRITICAL)
                    .withImage(current.digest().value(), current.tag())
                    .withDeployment(current.releaseId().value(), current.id().value())
                    .withText(trigger.check() + ": " + trigger.detail()));
        } catch (RuntimeException e) {
            LOG.errorf("Alert for %s/%s not queued: %s", app.name(), env.name(), e.getMessage());
        }
    }
}
