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
 * (passes in a row, failures in a row, or the window ends). Runs on the deploy worker, holding the environment's
 * deploy lock, so nothing else is deployed there meanwhile.
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
            CheckResult r = checks.check(app, env);
            history.record(app.name(), env.name(), "verify", r);
            metrics.checked(app.name(), env.name(), PromotionMetrics.Phase.VERIFY, r.verdict());
            v = v.record(r).expireAt(clock.instant());
            log.line("berth", "check " + round + ": " + r.verdict().name().toLowerCase()
                    + (r.detail() == null ? "" : " (" + r.check() + ": " + r.detail() + ")")
                    + " -> " + v.outcome().name().toLowerCase());
        }
        return v;
    }
}
