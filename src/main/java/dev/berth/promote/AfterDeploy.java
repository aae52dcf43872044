package dev.berth.promote;

import dev.berth.config.AppCatalog;
import dev.berth.config.AppDefinition;
import dev.berth.config.EnvironmentSpec;
import dev.berth.config.HostSpec;
import dev.berth.deploy.Deployment;
import dev.berth.deploy.DeploymentExecutor.DeployFailed;
import dev.berth.deploy.DeploymentExecutor.DeployLog;
import dev.berth.domain.ReleaseId;
import dev.berth.host.AgentInstaller;
import dev.berth.host.HostTarget;
import dev.berth.host.HostTransport;
import dev.berth.notify.Notification;
import dev.berth.notify.NotificationKind;
import dev.berth.notify.NotificationOutbox;
import dev.berth.verify.Verification;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * What follows a deploy that reached every host: verification; then either known-good bookkeeping (on the hosts
 * and in berth) and promotion, or an automatic rollback with quarantine and incident note.
 */
@ApplicationScoped
public class AfterDeploy implements dev.berth.deploy.PostDeploy {

    private static final Logger LOG = Logger.getLogger(AfterDeploy.class);

    private final AppCatalog catalog;
    private final VerifyDeployment verifier;
    private final EnvironmentRecords records;
    private final Promotions promotions;
    private final Rollbacks rollbacks;
    private final HostTransport transport;
    private final AgentInstaller agents;
    private final NotificationOutbox outbox;
    private final PromotionMetrics metrics;
    private final Clock clock;

    public AfterDeploy(AppCatalog catalog, VerifyDeployment verifier, EnvironmentRecords records,
            Promotions promotions, Rollbacks rollbacks, HostTransport transport, AgentInstaller agents,
            NotificationOutbox outbox, PromotionMetrics metrics, Clock clock) {
        this.metrics = metrics;
        this.catalog = catalog;
        this.verifier = verifier;
        this.records = records;
        this.promotions = promotions;
        this.rollbacks = rollbacks;
        this.transport = transport;
        this.agents = agents;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** Verifies {@code d}; throws {@link DeployFailed} when verification fails (its follow-up rolls back). */
    @Override
    public void after(Deployment d, DeployLog log) throws DeployFailed {
        AppDefinition app = catalog.find(d.app()).orElseThrow(() -> new DeployFailed("app " + d.app()
                + " is not defined anymore"));
        EnvironmentSpec env = app.environment(d.env()).orElseThrow(() -> new DeployFailed("app " + d.app()
                + " has no environment " + d.env() + " anymore"));
        log.line("berth", "verifying " + d.app() + "/" + d.env() + ": " + env.checks().size() + " check(s), every "
                + env.verify().interval().toMillis() + " ms, " + env.verify().passes() + " passes to verify, "
                + env.verify().failures() + " failures to fail, window " + env.verify().window().toSeconds() + " s");
        Verification v = verifier.verify(app, env, d, log);
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
        Instant failedAt = clock.instant();
        String why = "verification failed (" + v.decisive().check() + ": " + v.decisive().detail() + ")";
        Optional<ReleaseId> to = rollbacks.target(app, env, d);
        if (to.isEmpty()) {
            // Nothing to go back to: the attempt (quarantine, incident note) is part of this deployment's log.
            rollbacks.rollback(app, env, d, v.decisive(), Optional.empty(), log);
            metrics.rolledBack(d.app(), d.env(), PromotionMetrics.RollbackReason.VERIFICATION,
                    Duration.between(failedAt, clock.instant()));
            throw new DeployFailed(why + "; rollback did not restore a release; digest quarantined");
        }
        // The failure is recorded (and its log ended) first; the rollback then runs as its own deployment record
        // (trigger rollback:<this id>) with its own log, still under this environment's deploy lock.
        throw DeployFailed.thenRun(why + "; rolling back to release " + to.get() + " (the deployment with trigger "
                + "rollback:" + d.id() + "); digest quarantined", () -> {
                    rollbacks.rollback(app, env, d, v.decisive(), to, log);
                    metrics.rolledBack(d.app(), d.env(), PromotionMetrics.RollbackReason.VERIFICATION,
                            Duration.between(failedAt, clock.instant()));
                });
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
