package dev.berth.promote;

import dev.berth.config.AppDefinition;
import dev.berth.config.EnvironmentSpec;
import dev.berth.deploy.Deployment;
import dev.berth.deploy.DeploymentStore;
import dev.berth.notify.Notification;
import dev.berth.notify.NotificationKind;
import dev.berth.notify.NotificationOutbox;
import dev.berth.notify.Severity;
import dev.berth.reconcile.EnvStatus;
import dev.berth.reconcile.RollbackAttempts;
import dev.berth.verify.CheckResult;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * What the guard does about a regression: inside the rollback window it decides a rollback (an intent in the
 * environment's status record, carried out by the reconciler: quarantine, incident note, the restored release becomes
 * known-good), outside it a critical alert only.
 */
@ApplicationScoped
public class GuardActions {

    private static final Logger LOG = Logger.getLogger(GuardActions.class);

    private final EnvironmentRecords records;
    private final DeploymentStore store;
    private final RollbackAttempts rollbacks;
    private final NotificationOutbox outbox;
    private final PromotionMetrics metrics;
    private final Clock clock;

    public GuardActions(EnvironmentRecords records, DeploymentStore store, RollbackAttempts rollbacks,
            NotificationOutbox outbox, PromotionMetrics metrics, Clock clock) {
        this.records = records;
        this.store = store;
        this.rollbacks = rollbacks;
        this.outbox = outbox;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Decides the rollback of {@code env} after {@code trigger} crossed the threshold: records it in the environment's
     * status record and queues the environment; its reconciler carries it out (or retries it) on every host.
     */
    public void rollBack(AppDefinition app, EnvironmentSpec env, Deployment current, CheckResult trigger,
            Instant crossed) {
        LOG.warnf("%s/%s regressed within %s of its deploy (%s: %s): rolling back", app.name(), env.name(),
                env.rollback().window(), trigger.check(), trigger.detail());
        // Nothing goes to the log of the deployment that regressed (it ended): the rollback's own record carries it.
        EnvStatus.RollbackIntent intent = new EnvStatus.RollbackIntent(current.id().value(), null,
                PromotionMetrics.RollbackReason.REGRESSION.tag(), trigger.check(), trigger.detail(),
                crossed.toString(), false, false);
        rollbacks.request(app.name(), env.name(), intent);
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
