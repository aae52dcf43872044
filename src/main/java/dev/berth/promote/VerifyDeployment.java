package dev.berth.promote;

import dev.berth.config.AppDefinition;
import dev.berth.config.EnvironmentSpec;
import dev.berth.config.VerifyPolicy;
import dev.berth.deploy.Deployment;
import dev.berth.deploy.DeploymentExecutor.DeployLog;
import dev.berth.verify.CheckResult;
import dev.berth.verify.SmokeChecks;
import dev.berth.verify.Verification;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;

/**
 * Verifies a fresh deploy: probes the environment every {@code interval} until the verification is decided
 * (passes in a row, failures in a row, or the window ends). The reconciler runs one {@link #round} per turn (the
 * verification state lives in the environment's status record); {@link #verify} runs them all in a row (the
 * re-verification after a rollback).
 */
@ApplicationScoped
public class VerifyDeployment {

    private final SmokeChecks checks;
    private final Clock clock;
    private final boolean checkerErrorsFail;
    private final CheckHistory history;
    private final PromotionMetrics metrics;

    public VerifyDeployment(SmokeChecks checks, Clock clock, dev.berth.verify.VerifyConfig config,
            PromotionMetrics metrics, CheckHistory history) {
        this.checks = checks;
        this.history = history;
        this.metrics = metrics;
        this.clock = clock;
        this.checkerErrorsFail = config.checkerErrorsFail();
    }

    /** Runs the verification of {@code d} and returns its decided state. */
    public Verification verify(AppDefinition app, EnvironmentSpec env, Deployment d, DeployLog log) {
        VerifyPolicy policy = env.verify();
        Instant start = clock.instant();
        Verification v = Verification.start(start, policy.window(), policy.passes(), policy.failures(),
                checkerErrorsFail);
        if (env.checks().isEmpty()) {
            log.line("berth", "no checks configured for " + app.name() + "/" + env.name() + ": verified");
            return v.withOutcome(Verification.Outcome.VERIFIED);
        }
        int round = 0;
        while (v.outcome() == Verification.Outcome.PENDING) {
            if (round++ > 0) {
                LockSupport.parkNanos(policy.interval().toNanos());
            }
            v = round(app, env, v, round, log);
        }
        return v;
    }

    /** A verification of {@code env} starting now, by its policy. */
    public Verification start(EnvironmentSpec env, Instant at) {
        VerifyPolicy policy = env.verify();
        return Verification.start(at, policy.window(), policy.passes(), policy.failures(), checkerErrorsFail);
    }

    /** Whether checker errors count as failures (berth.verify.checker-errors-fail). */
    public boolean checkerErrorsFail() {
        return checkerErrorsFail;
    }

    /** Runs round {@code round} of {@code v}: one check of the environment, recorded and logged. */
    public Verification round(AppDefinition app, EnvironmentSpec env, Verification v, int round, DeployLog log) {
        CheckResult r = checks.check(app, env);
        history.record(app.name(), env.name(), "verify", r);
        metrics.checked(app.name(), env.name(), PromotionMetrics.Phase.VERIFY, r.verdict());
        Verification next = v.record(r).expireAt(clock.instant());
        log.line("berth", "check " + round + ": " + r.verdict().name().toLowerCase()
                + (r.detail() == null ? "" : " (" + r.check() + ": " + r.detail() + ")")
                + " -> " + next.outcome().name().toLowerCase());
        return next;
    }
}
