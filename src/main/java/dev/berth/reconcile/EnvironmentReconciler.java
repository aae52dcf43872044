package dev.berth.reconcile;

import dev.berth.config.AppCatalog;
import dev.berth.config.EnvironmentSpec;
import dev.berth.config.HostSpec;
import dev.berth.deploy.Deployment;
import dev.berth.deploy.DeploymentExecutor;
import dev.berth.deploy.DeploymentExecutor.DeployFailed;
import dev.berth.deploy.DeploymentExecutor.DeployLog;
import dev.berth.deploy.DeploymentLifecycle;
import dev.berth.deploy.DeploymentStatus;
import dev.berth.deploy.DeploymentStore;
import dev.berth.domain.AppName;
import dev.berth.domain.DeploymentId;
import dev.berth.domain.EnvName;
import dev.berth.promote.PromotionMetrics.RollbackReason;
import dev.berth.verify.CheckResult;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * Drives one environment toward what its status record asks for, in short steps, re-reading the record before
 * each: a pending rollback first (announce a restored one, or attempt it when due), else the desired deployment when
 * it has not finished (each host is one step: the rollout stops before the next host when the lease was lost or a
 * newer deployment became desired), then its verification, one round per turn ({@link VerificationTicks}: the turn
 * ends and the environment is queued again for the next round). Called by {@link ReconcileWorkers} while holding the
 * environment's lease; returns when the environment is next due (null: nothing left to do).
 */
@ApplicationScoped
public class EnvironmentReconciler {

    private static final Logger LOG = Logger.getLogger(EnvironmentReconciler.class);
    /** Steps in one turn before the environment goes back to the queue (a guard against a loop that never ends). */
    static final int MAX_STEPS = 20;

    private final EnvStatusStore statuses;
    private final DeploymentStore store;
    private final DeploymentLifecycle lifecycle;
    private final Instance<DeploymentExecutor> executor;
    private final VerificationTicks ticks;
    private final RollbackAttempts rollbacks;
    private final AppCatalog catalog;
    private final Clock clock;

    public EnvironmentReconciler(EnvStatusStore statuses, DeploymentStore store, DeploymentLifecycle lifecycle,
            Instance<DeploymentExecutor> executor, VerificationTicks ticks, RollbackAttempts rollbacks,
            AppCatalog catalog, Clock clock) {
        this.statuses = statuses;
        this.store = store;
        this.lifecycle = lifecycle;
        this.executor = executor;
        this.ticks = ticks;
        this.rollbacks = rollbacks;
        this.catalog = catalog;
        this.clock = clock;
    }

    /** One turn on app/env; {@code lost} says the lease was lost (then nothing more is done). */
    public Instant reconcile(AppName app, EnvName env, BooleanSupplier lost) {
        for (int step = 0; step < MAX_STEPS; step++) {
            if (lost.getAsBoolean()) {
                LOG.warnf("Reconciler of %s/%s lost its lease: stopping before its next step", app, env);
                return null;
            }
            EnvStatus s = statuses.read(app, env);
            if (s.verification() != null && (s.desired() == null
                    || !s.verification().deployment().equals(s.desired().deployment()))) {
                abandonVerification(s);
                continue;
            }
            if (s.rollback() != null) {
                if (s.rollback().restored()) {
                    rollbacks.announce(s);
                } else if (s.nextRetryAt() != null && clock.instant().isBefore(s.nextRetryAt())) {
                    return s.nextRetryAt();
                } else {
                    rollbacks.attempt(s, lost);
                }
                continue;
            }
            Optional<Deployment> desired = s.desired() == null ? Optional.empty()
                    : store.find(new DeploymentId(s.desired().deployment()));
            if (desired.isPresent() && !desired.get().status().terminal()) {
                Deployment d = desired.get();
                if (d.status() == DeploymentStatus.RUNNING && VerificationTicks.verifying(s, d)) {
                    Instant next = ticks.tick(s, d);
                    if (next != null) {
                        return next;
                    }
                } else {
                    deploy(d, lost);
                }
                continue;
            }
            return null;
        }
        return clock.instant();
    }

    /** A newer deployment became desired while one was being verified: that one is superseded, unverified. */
    private void abandonVerification(EnvStatus s) {
        String old = s.verification().deployment();
        store.find(new DeploymentId(old)).ifPresent(o -> lifecycle.finish(o, DeploymentStatus.SUPERSEDED,
                "superseded by " + (s.desired() == null ? "a rollback" : s.desired().deployment())
                        + " during its verification"));
        statuses.update(s.app(), s.env(), x -> x.verification() != null && x.verification().deployment().equals(old)
                ? x.withVerification(null) : x);
    }

    private void deploy(Deployment queued, BooleanSupplier lost) {
        Deployment d = lifecycle.start(queued);
        DeployLog log = (stream, line) -> store.log(d.id(), stream, line);
        Optional<EnvironmentSpec> spec = catalog.find(d.app()).flatMap(a -> a.environment(d.env()));
        statuses.update(d.app(), d.env(), x -> {
            EnvStatus next = x.withPhase(Phase.DEPLOYING).withError(null);
            return spec.map(e -> next.withHostOrder(e.hosts().stream().map(HostSpec::ssh).toList())).orElse(next);
        });
        List<String> previous = new ArrayList<>();
        DeploymentExecutor.Progress progress = new DeploymentExecutor.Progress() {
            @Override
            public void beforeHost(String host) throws DeployFailed {
                if (lost.getAsBoolean()) {
                    throw new DeploymentExecutor.Stopped("lease lost");
                }
                EnvStatus now = statuses.read(d.app(), d.env());
                if (now.desired() != null && !now.desired().deployment().equals(d.id().value())) {
                    throw new DeploymentExecutor.Stopped("superseded by " + now.desired().deployment());
                }
                if (now.rollback() != null) {
                    throw new DeploymentExecutor.Stopped("superseded by a rollback of " + d.app() + "/" + d.env());
                }
            }

            @Override
            public boolean done(String host) {
                return d.releaseId().value().equals(statuses.read(d.app(), d.env()).observed(host));
            }

            @Override
            public void switched(String host, String before, String current) {
                if (before != null) {
                    previous.add(before);
                }
                statuses.update(d.app(), d.env(), x -> x.withHost(host, current, null));
            }

            @Override
            public void failed(String host, String error) {
                statuses.update(d.app(), d.env(), x -> x.withHost(host, x.observed(host), error));
            }
        };
        try {
            executor.get().execute(d, log, progress);
        } catch (DeploymentExecutor.Stopped e) {
            if (e.getMessage().startsWith("superseded")) {
                lifecycle.finish(d, DeploymentStatus.SUPERSEDED, e.getMessage());
            }
            return;
        } catch (DeployFailed e) {
            failedRollout(d, e.getMessage(), previous);
            return;
        }
        ticks.start(d);
    }

    /**
     * A host of the rollout failed (the agent switched that host back). The hosts already switched go back to the
     * release they ran, so the environment never stays mixed: a rollback of kind {@code deploy}, attempted now.
     */
    private void failedRollout(Deployment d, String error, List<String> previous) {
        EnvStatus s = statuses.read(d.app(), d.env());
        List<String> onNew = s.hosts().stream().filter(h -> d.releaseId().value().equals(h.observedRelease()))
                .map(EnvStatus.HostState::host).toList();
        String target = s.current() != null ? s.current().releaseId()
                : previous.stream().distinct().count() == 1 ? previous.get(0) : null;
        if (onNew.isEmpty() || target == null || target.equals(d.releaseId().value())) {
            String why = onNew.isEmpty() ? error : error + "; host(s) " + String.join(", ", onNew) + " keep release "
                    + d.releaseId() + ": nothing ran there before, so there is nothing to switch back to";
            statuses.update(d.app(), d.env(), x -> x.withPhase(Phase.FAILED).withError(why));
            lifecycle.finish(d, DeploymentStatus.FAILED, why);
            return;
        }
        store.log(d.id(), "berth", "rollout failed; switching " + String.join(", ", onNew) + " back to " + target);
        EnvStatus.RollbackIntent intent = rollbacks.intent(d, target, RollbackReason.DEPLOY,
                CheckResult.fail("deploy", error, clock.instant()));
        EnvStatus pending = rollbacks.request(d.app(), d.env(), intent);
        RollbackAttempts.Outcome o = pending.rollback() != null && pending.rollback().from().equals(d.id().value())
                ? rollbacks.attempt(pending, () -> false)
                : new RollbackAttempts.Outcome(false, target, "another rollback is pending");
        lifecycle.finish(d, DeploymentStatus.FAILED, error + "; " + (o.restored()
                ? "host(s) " + String.join(", ", onNew) + " switched back to " + target
                : "switching host(s) " + String.join(", ", onNew) + " back to " + target + " failed (" + o.problem()
                        + "); berth retries"));
    }

}
