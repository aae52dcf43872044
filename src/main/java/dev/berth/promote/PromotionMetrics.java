package dev.berth.promote;

import dev.berth.domain.AppName;
import dev.berth.domain.EnvName;
import dev.berth.verify.CheckResult;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Locale;

/**
 * The metrics of verification, guarding, rollback and promotion (Prometheus names at {@code /q/metrics}):
 * <ul>
 * <li>{@code berth_checks_total{app,env,phase,result}}: check rounds, {@code phase} {@code verify} (after a deploy)
 * or {@code guard} (the scheduler afterwards), {@code result} {@code pass}, {@code fail} or {@code checker_error};</li>
 * <li>{@code berth_rollbacks_total{app,env,reason}} and {@code berth_rollback_duration_seconds{app,env,reason}}:
 * rollbacks done and the seconds from the decision (threshold crossed, verification failed, operator's request) to
 * the rollback done, {@code reason} {@code regression}, {@code verification} or {@code manual};</li>
 * <li>{@code berth_guard_round_seconds}: how long one guard round of one environment took (its checks, not the
 * bookkeeping), with the 0.5 and 0.99 quantiles computed in berth (no app tag, to keep thousands of environments
 * cheap);</li>
 * <li>{@code berth_promotion_lead_time_seconds{app,env}}: from the digest's first deployment to the first environment
 * to its promoted deployment into {@code env} succeeding.</li>
 * </ul>
 */
@ApplicationScoped
public class PromotionMetrics {

    /** Why an environment was rolled back (the {@code reason} tag). */
    public enum RollbackReason {
        /** The guard saw a regression inside the rollback window. */
        REGRESSION,
        /** The verification after a deploy failed. */
        VERIFICATION,
        /** An operator asked for it through the API. */
        MANUAL,
        /** A host of a multi-host rollout failed: the hosts already switched go back to what they ran. */
        DEPLOY;

        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The reason of a rollback intent's {@code kind}. */
        public static RollbackReason of(String kind) {
            return valueOf(kind.toUpperCase(Locale.ROOT));
        }
    }

    /** When a check round ran (the {@code phase} tag). */
    public enum Phase {
        /** Verification of a fresh deploy (and re-verification after a rollback). */
        VERIFY,
        /** The guard scheduler probing a verified environment. */
        GUARD;

        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final MeterRegistry registry;

    private final Timer guardRounds;

    public PromotionMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.guardRounds = Timer.builder("berth.guard.round").description("One guard round of one environment")
                .publishPercentiles(0.5, 0.99).register(registry);
    }

    /** Counts one check round. */
    public void checked(AppName app, EnvName env, Phase phase, CheckResult.Verdict verdict) {
        registry.counter("berth.checks", "app", app.value(), "env", env.value(), "phase", phase.tag(),
                "result", verdict.name().toLowerCase(Locale.ROOT)).increment();
    }

    /** Records how long one guard round took. */
    public void guardRound(Duration took) {
        guardRounds.record(took);
    }

    /** Counts one rollback decided (at its first attempt; retries are not counted again). */
    public void rollbackStarted(AppName app, EnvName env, RollbackReason reason) {
        registry.counter("berth.rollbacks", "app", app.value(), "env", env.value(), "reason", reason.tag())
                .increment();
    }

    /**
     * Records {@code took}, from the decision to roll back until every host ran the restored release and it was
     * re-verified ({@code outcome="restored"}), or until its first attempt failed ({@code outcome="failed"}).
     */
    public void rollbackEnded(AppName app, EnvName env, RollbackReason reason, String outcome, Duration took) {
        Timer.builder("berth.rollback.duration").description("From the decision to roll back to the rollback done")
                .tag("app", app.value()).tag("env", env.value()).tag("reason", reason.tag()).tag("outcome", outcome)
                .register(registry).record(took.isNegative() ? Duration.ZERO : took);
    }

    /** Counts one rollback attempt that did not restore every host (or whose re-verification failed). */
    public void rollbackFailed(AppName app, EnvName env, RollbackReason reason) {
        registry.counter("berth.rollbacks.failed", "app", app.value(), "env", env.value(), "reason", reason.tag())
                .increment();
    }

    /** Records the lead time of a digest promoted into {@code env}. */
    public void promoted(AppName app, EnvName env, Duration leadTime) {
        Timer.builder("berth.promotion.lead.time")
                .description("From a digest's first deployment to the first environment to its promotion into env")
                .tag("app", app.value()).tag("env", env.value())
                .register(registry).record(leadTime.isNegative() ? Duration.ZERO : leadTime);
    }
}
