package dev.berth.promote;

import dev.berth.config.AppCatalog;
import dev.berth.config.AppDefinition;
import dev.berth.config.EnvironmentSpec;
import dev.berth.config.HostSpec;
import dev.berth.deploy.Deployment;
import dev.berth.deploy.DeploymentExecutor.DeployFailed;
import dev.berth.deploy.DeploymentExecutor.DeployLog;
import dev.berth.deploy.DeploymentStore;
import dev.berth.host.AgentInstaller;
import dev.berth.host.HostTarget;
import dev.berth.host.HostTransport;
import dev.berth.notify.Notification;
import dev.berth.notify.NotificationKind;
import dev.berth.notify.NotificationOutbox;
import dev.berth.reconcile.EnvStatus;
import dev.berth.reconcile.RollbackAttempts;
import dev.berth.verify.Verification;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * What follows a deploy that reached every host: verification; then either known-good bookkeeping (on the hosts
 * and in berth) and promotion, or the decision to roll back (recorded in the environment's status record) and its
 * first attempt, whose outcome the failed deployment's error states. A restored rollback is announced by the
 * reconciler after the failed deployment finished; a failed one is retried there.
 */
@ApplicationScoped
public class AfterDeploy implements dev.berth.deploy.PostDeploy {

    private static final Logger LOG = Logger.getLogger(AfterDeploy.class);

    private final AppCatalog catalog;
    private final VerifyDeployment verifier;
    private final EnvironmentRecords records;
    private final Promotions promotions;
    private final RollbackAttempts rollbacks;
    private final HostTransport transport;
    private final AgentInstaller agents;
    private final DeploymentStore store;
    private final NotificationOutbox outbox;
    private final PromotionMetrics metrics;
    private final Clock clock;

    public AfterDeploy(AppCatalog catalog, VerifyDeployment verifier, EnvironmentRecords records,
            Promotions promotions, RollbackAttempts rollbacks, HostTransport transport, AgentInstaller agents,
            DeploymentStore store, NotificationOutbox outbox, PromotionMetrics metrics, Clock clock) {
        this.metrics = metrics;
        this.catalog = catalog;
        this.verifier = verifier;
        this.records = records;
        this.promotions = promotions;
        this.rollbacks = rollbacks;
        this.transport = transport;
        this.agents = agents;
        this.store = store;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** Verifies {@code d}; throws {@link DeployFailed} (after rolling back) when verification fails. */
    @Override
    public void after(Deployment d, DeployLog log) throws DeployFailed {
        AppDefinition app = catalog.find(d.app()).orElseThrow(() -> new DeployFailed("app " + d.app()
                + " is not defined anymore"));
        EnvironmentSpec env = app.environment(d.env()).orElseThrow(() -> new DeployFailed("app " + d.app()
                + " has no environment " + d.env() + " anymore"));
        starting(app, env, d, log);
        decide(app, env, d, verifier.verify(app, env, d, log), log);
    }

    /** The log line that opens a verification. */
    public void starting(AppDefinition app, EnvironmentSpec env, Deployment d, DeployLog log) {
        log.line("berth", "verifying " + d.app() + "/" + d.env() + ": " + env.checks().size() + " check(s), every "
                + env.verify().interval().toMillis() + " ms, " + env.verify().passes() + " passes to verify, "
                + env.verify().failures() + " failures to fail, window " + env.verify().window().toSeconds() + " s");
    }

    /**
     * Acts on the decided verification {@code v} of {@code d}: verified → known-good (hosts and berth), notification,
     * promotion; failed → notification, the rollback decided and attempted once, and {@link DeployFailed} saying how
     * that went.
     */
    public void decide(AppDefinition app, EnvironmentSpec env, Deployment d, Verification v, DeployLog log)
            throws DeployFailed {
        if (v.outcome() == Verification.Outcome.VERIFIED) {
            markGood(app, env, d, log);
            publish(Notification.of(NotificationKind.VERIFICATION_PASSED, d.app().value(), d.env().value(),
                    "Verified " + app.image().repository() + (d.tag() == null ? "" : ":" + d.tag()) + " on "
                            + d.app() + "/" + d.env(), clock.instant())
                    .withImage(d.digest().value(), d.tag()).withDeployment(d.releaseId().value(), d.id().value()));
            promotions.verified(app, env, d);
            return;
        }
        publish(Notification.of(NotificationKind.VERIFICATION_FAILED, d.app().value(), d.env().value(),
                "Verification of " + app.image().repository() + (d.tag() == null ? "" : ":" + d.tag()) + " on "
                        + d.app() + "/" + d.env() + " failed", clock.instant())
                .withImage(d.digest().value(), d.tag()).withDeployment(d.releaseId().value(), d.id().value())
                .withText(v.decisive() == null ? null : v.decisive().check() + ": " + v.decisive().detail()));
        EnvStatus pending = rollbacks.request(d.app(), d.env(),
                rollbacks.intent(d, null, PromotionMetrics.RollbackReason.VERIFICATION, v.decisive()));
        RollbackAttempts.Outcome o = pending.rollback() != null && pending.rollback().from().equals(d.id().value())
                ? rollbacks.attempt(pending, () -> false)
                : new RollbackAttempts.Outcome(false, null, "another rollback of " + d.app() + "/" + d.env()
                        + " is pending");
        throw new DeployFailed("verification failed (" + v.decisive().check() + ": " + v.decisive().detail()
                + "); " + (o.restored() ? "rolling back to release " + o.release() + " (every host restored and"
                        + " re-verified; its record is the deployment with trigger rollback:" + d.id() + ")"
                        : "the rollback" + (o.release() == null ? "" : " to " + o.release())
                                + " did not restore every host (" + o.problem() + "); berth retries")
                + "; digest quarantined");
    }

    private void markGood(AppDefinition app, EnvironmentSpec env, Deployment d, DeployLog log) {
        for (HostSpec h : env.hosts()) {
            HostTarget host = h.target();
            try {
                transport.exec(host, agents.commands().markGood(h.root(), d.app(), d.env(), d.releaseId()), null,
                        (s, line) -> log.line(s.name().toLowerCase(), line), null);
            } catch (RuntimeException e) {
                log.line("berth", "host " + h.ssh() + ": mark-good failed (" + e.getMessage() + ")");
            }
        }
        records.markGood(d, clock.instant());
        log.line("berth", "release " + d.releaseId() + " is the known-good release of " + d.app() + "/" + d.env());
    }

    private void publish(Notification n) {
        try {
            outbox.publish(n);
        } catch (RuntimeException e) {
            LOG.errorf("Notification %s not queued: %s", n.kind().wire(), e.getMessage());
        }
    }
}
