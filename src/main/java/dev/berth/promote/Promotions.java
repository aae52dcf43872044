package dev.berth.promote;

import dev.berth.config.AppDefinition;
import dev.berth.config.CiGate;
import dev.berth.config.EnvironmentSpec;
import dev.berth.config.HostSpec;
import dev.berth.config.PromoteMode;
import dev.berth.deploy.DeployQueue;
import dev.berth.deploy.Deployment;
import dev.berth.domain.DeploymentId;
import dev.berth.domain.Digest;
import dev.berth.notify.Notification;
import dev.berth.notify.NotificationKind;
import dev.berth.notify.NotificationOutbox;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Moves a verified digest to the next environment: at once when the environment promotes automatically, or as a
 * promotion waiting for approval when the next environment requires one, and behind the next environment's CI gate
 * when it has one. Promotion deploys the digest itself; it never resolves the tag again.
 */
@ApplicationScoped
public class Promotions {

    private static final Logger LOG = Logger.getLogger(Promotions.class);

    private final DeployQueue queue;
    private final EnvironmentRecords records;
    private final NotificationOutbox outbox;
    private final Soaks soaks;
    private final Clock clock;
    private final CiGates gates;
    private final CiRuns runs;

    public Promotions(DeployQueue queue, EnvironmentRecords records, NotificationOutbox outbox, Soaks soaks,
            Clock clock, CiGates gates, CiRuns runs) {
        this.gates = gates;
        this.runs = runs;
        this.soaks = soaks;
        this.queue = queue;
        this.records = records;
        this.outbox = outbox;
        this.clock = clock;
    }

    /**
     * Called when {@code d} was verified in {@code env}. With a {@code soak}, the digest first soaks there (replacing
     * any earlier soak of the environment) and the guard promotes it when the soak ends with only passing checks.
     */
    public void verified(AppDefinition app, EnvironmentSpec env, Deployment d) {
        var next = app.next(env.name());
        if (next.isEmpty() || env.promote() != PromoteMode.AUTO) {
            return;
        }
        if (!env.soak().isZero()) {
            Soak soak = Soak.start(d.id(), d.digest(), d.tag(), clock.instant(), env.soak());
            soaks.start(app.name(), env.name(), soak);
            LOG.infof("%s soaks in %s/%s until %s before its promotion to %s", d.digest(), app.name(), env.name(),
                    soak.until(), next.get().name());
            return;
        }
        promote(app, next.get(), d.id(), d.digest(), d.tag(), "automatic promotion from " + env.name());
    }

    /**
     * Promotes {@code digest} (verified in the previous environment by deployment {@code from}) into {@code target}:
     * waits for approval when the target requires it, else queues the deploy. Returns the queued deployment, if any.
     */
    public Optional<Deployment> request(AppDefinition app, EnvironmentSpec target, DeploymentId from, Digest digest,
            String tag, String why) {
        return promote(app, target, from, digest, tag, why).queued();
    }

    /**
     * Promotes {@code digest} (verified in the previous environment by deployment {@code from}) into {@code target}.
     * A CI gate comes first: refused when it failed, or waiting (released by {@link ResumeOnWorkflowRun} when the
     * runs GitHub reports pass it); then approval when the target requires one; then the deploy is queued.
     */
    public Promotion promote(AppDefinition app, EnvironmentSpec target, DeploymentId from, Digest digest,
            String tag, String why) {
        if (target.gate().isPresent()) {
            CiGate gate = target.gate().get();
            CiGates.Gated gated = gates.check(app, gate, digest);
            switch (gated.verdict().status()) {
                case FAILED -> {
                    return refuse(app, target, digest, tag, gated.verdict().reason());
                }
                case WAITING -> {
                    return awaitCi(app, target, gate, new CiRuns.Waiting(from, digest, tag, gate.repository(),
                            gated.sha(), why, clock.instant()), gated.verdict().reason());
                }
                case PASSED -> LOG.infof("Promotion of %s to %s/%s passes its CI gate: %s", digest, app.name(),
                        target.name(), gated.verdict().reason());
            }
        }
        return pastGate(app, target, from, digest, tag, why);
    }

    /** Records the promotion as waiting for CI; if the runs came in meanwhile, acts on them at once. */
    private Promotion awaitCi(AppDefinition app, EnvironmentSpec target, CiGate gate, CiRuns.Waiting w,
            String reason) {
        runs.await(app.name(), target.name(), w);
        publish(Notification.of(NotificationKind.PROMOTION_WAITING, app.name().value(), target.name().value(),
                "Promotion of " + app.image().repository() + (w.tag() == null ? "" : ":" + w.tag()) + " to "
                        + app.name() + "/" + target.name() + " is waiting for CI", clock.instant())
                .withImage(w.digest().value(), w.tag()).withText(reason)
                .withFacts(Map.of("Commit", w.repository() + "@" + w.sha())));
        LOG.infof("Promotion of %s to %s/%s: %s", w.digest(), app.name(), target.name(), reason);
        // A run recorded between the check and the record above found nothing waiting: look again.
        CiVerdict again = CiVerdict.of(gate, w.sha(), runs.runs(w.repository(), w.sha()));
        if (again.status() != CiVerdict.Status.WAITING && runs.take(app.name(), target.name(), w)) {
            return again.status() == CiVerdict.Status.PASSED
                    ? pastGate(app, target, w.from(), w.digest(), w.tag(), w.why())
                    : refuse(app, target, w.digest(), w.tag(), again.reason());
        }
        return new Promotion(Promotion.Outcome.WAITING_CI, null, reason);
    }

    /** The promotion passed the CI gate (or there is none): approval when required, else the deploy. */
    public Promotion pastGate(AppDefinition app, EnvironmentSpec target, DeploymentId from, Digest digest,
            String tag, String why) {
        Instant now = clock.instant();
        if (target.approvalRequired()) {
            records.requestApproval(app.name(), target.name(), new EnvironmentRecords.Approval(from, digest, tag, now,
                    target.approvalExpiry().map(now::plus).orElse(null)));
            publish(Notification.of(NotificationKind.PROMOTION_WAITING, app.name().value(), target.name().value(),
                    "Promotion of " + app.image().repository() + (tag == null ? "" : ":" + tag) + " to "
                            + app.name() + "/" + target.name() + " waits for approval", now)
                    .withImage(digest.value(), tag)
                    .withFacts(Map.of("Approve", "POST /api/v1/apps/" + app.name() + "/environments/"
                            + target.name() + "/approve")));
            LOG.infof("Promotion of %s to %s/%s waits for approval", digest, app.name(), target.name());
            return new Promotion(Promotion.Outcome.WAITING_APPROVAL, null, "waiting for approval");
        }
        return Promotion.queued(deploy(app, target, from, digest, tag, why));
    }

    /** Refuses the promotion: logged and notified with {@code reason}. */
    public Promotion refuse(AppDefinition app, EnvironmentSpec target, Digest digest, String tag, String reason) {
        LOG.warnf("Promotion of %s to %s/%s refused: %s", digest, app.name(), target.name(), reason);
        publish(Notification.of(NotificationKind.PROMOTION_REFUSED, app.name().value(), target.name().value(),
                "Promotion of " + app.image().repository() + (tag == null ? "" : ":" + tag) + " to " + app.name()
                        + "/" + target.name() + " was refused", clock.instant())
                .withImage(digest.value(), tag).withText(reason));
        return new Promotion(Promotion.Outcome.REFUSED, null, reason);
    }

    /** Queues the deploy of a promoted digest. */
    public Deployment deploy(AppDefinition app, EnvironmentSpec target, DeploymentId from, Digest digest, String tag,
            String why) {
        Deployment queued = queue.enqueue(new DeployQueue.Request(app.name(), target.name(), app.image(), tag, digest,
                target.hosts().stream().map(HostSpec::ssh).toList(), "promotion:" + from, why));
        publish(Notification.of(NotificationKind.PROMOTION_DONE, app.name().value(), target.name().value(),
                "Promoted " + app.image().repository() + (tag == null ? "" : ":" + tag) + " to " + app.name() + "/"
                        + target.name(), clock.instant())
                .withImage(digest.value(), tag).withDeployment(queued.releaseId().value(), queued.id().value()));
        return queued;
    }

    private void publish(Notification n) {
        try {
            outbox.publish(n);
        } catch (RuntimeException e) {
            LOG.errorf("Notification %s not queued: %s", n.kind().wire(), e.getMessage());
        }
    }
}
