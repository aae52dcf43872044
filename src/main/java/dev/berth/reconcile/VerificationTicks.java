package dev.berth.reconcile;

import dev.berth.config.AppCatalog;
import dev.berth.config.AppDefinition;
import dev.berth.config.EnvironmentSpec;
import dev.berth.deploy.Deployment;
import dev.berth.deploy.DeploymentExecutor.DeployFailed;
import dev.berth.deploy.DeploymentExecutor.DeployLog;
import dev.berth.deploy.DeploymentLifecycle;
import dev.berth.deploy.DeploymentStatus;
import dev.berth.deploy.DeploymentStore;
import dev.berth.promote.AfterDeploy;
import dev.berth.promote.VerifyDeployment;
import dev.berth.verify.Verification;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * The verification of a deployment as ticks of the environment's reconciler: each turn runs at most one round of
 * checks, keeps the state (start, rounds, streaks, last round) in the status record and asks to be queued again one
 * {@code verify.interval} later; the lease is not held in between, and a reconciler that takes over after a crash
 * continues the same verification. A decided verification is acted on ({@link AfterDeploy#decide}) and the
 * deployment finishes.
 */
@ApplicationScoped
public class VerificationTicks {

    private final AppCatalog catalog;
    private final EnvStatusStore statuses;
    private final DeploymentStore store;
    private final DeploymentLifecycle lifecycle;
    private final VerifyDeployment verifier;
    private final AfterDeploy afterDeploy;
    private final Phases phases;
    private final Clock clock;

    public VerificationTicks(AppCatalog catalog, EnvStatusStore statuses, DeploymentStore store,
            DeploymentLifecycle lifecycle, VerifyDeployment verifier, AfterDeploy afterDeploy, Phases phases,
            Clock clock) {
        this.catalog = catalog;
        this.statuses = statuses;
        this.store = store;
        this.lifecycle = lifecycle;
        this.verifier = verifier;
        this.afterDeploy = afterDeploy;
        this.phases = phases;
        this.clock = clock;
    }

    /** Every host runs {@code d}: its verification starts (phase {@code verifying}); the first round is due now. */
    public void start(Deployment d) {
        Optional<EnvironmentSpec> env = spec(d);
        if (env.isPresent()) {
            afterDeploy.starting(catalog.find(d.app()).orElseThrow(), env.get(), d, log(d));
        }
        EnvStatus.VerificationState state = new EnvStatus.VerificationState(d.id().value(),
                clock.instant().toString(), 0, 0, 0, null);
        statuses.update(d.app(), d.env(), x -> x.withPhase(Phase.VERIFYING).withVerification(state));
    }

    /** Whether {@code s} holds the verification of {@code d}. */
    public static boolean verifying(EnvStatus s, Deployment d) {
        return s.verification() != null && s.verification().deployment().equals(d.id().value());
    }

    /**
     * One tick of the verification of {@code d} in {@code s}: returns when the next round is due, or null when the
     * verification was decided and the deployment finished.
     */
    public Instant tick(EnvStatus s, Deployment d) {
        Optional<AppDefinition> app = catalog.find(d.app());
        Optional<EnvironmentSpec> env = spec(d);
        if (env.isEmpty()) {
            statuses.update(d.app(), d.env(), x -> x.withVerification(null).withPhase(Phase.FAILED)
                    .withError("not verified: " + d.app() + "/" + d.env() + " is not defined any more"));
            lifecycle.finish(d, DeploymentStatus.FAILED, "app " + d.app() + " has no environment " + d.env()
                    + " anymore");
            return null;
        }
        EnvStatus.VerificationState st = s.verification();
        Instant now = clock.instant();
        if (st.lastAt() != null) {
            Instant due = Instant.parse(st.lastAt()).plus(env.get().verify().interval());
            if (now.isBefore(due)) {
                return due;
            }
        }
        Verification v = verifier.start(env.get(), Instant.parse(st.startedAt()));
        v = new Verification(v.startedAt(), v.window(), v.passes(), v.failures(), v.checkerErrorsFail(),
                st.passStreak(), st.failStreak(), Verification.Outcome.PENDING, null);
        if (env.get().checks().isEmpty()) {
            log(d).line("berth", "no checks configured for " + d.app() + "/" + d.env() + ": verified");
            v = v.withOutcome(Verification.Outcome.VERIFIED);
        } else {
            v = verifier.round(app.get(), env.get(), v, st.rounds() + 1, log(d));
        }
        if (v.outcome() == Verification.Outcome.PENDING) {
            Instant last = clock.instant();
            Verification pending = v;
            statuses.update(d.app(), d.env(), x -> verifying(x, d) ? x.withVerification(
                    new EnvStatus.VerificationState(st.deployment(), st.startedAt(), st.rounds() + 1,
                            pending.passStreak(), pending.failStreak(), last.toString())) : x);
            return last.plus(env.get().verify().interval());
        }
        statuses.update(d.app(), d.env(), x -> verifying(x, d) ? x.withVerification(null) : x);
        try {
            afterDeploy.decide(app.get(), env.get(), d, v, log(d));
        } catch (DeployFailed e) {
            lifecycle.finish(d, DeploymentStatus.FAILED, e.getMessage());
            return null;
        }
        statuses.update(d.app(), d.env(), x -> x.rollback() != null ? x
                : x.withPhase(phases.afterVerified(d)).settled());
        lifecycle.finish(d, DeploymentStatus.SUCCEEDED, null);
        return null;
    }

    private Optional<EnvironmentSpec> spec(Deployment d) {
        return catalog.find(d.app()).flatMap(a -> a.environment(d.env()));
    }

    private DeployLog log(Deployment d) {
        return (stream, line) -> store.log(d.id(), stream, line);
    }
}
