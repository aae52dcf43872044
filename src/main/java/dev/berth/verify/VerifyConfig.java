package dev.berth.verify;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How berth runs smoke checks (docs/verification.md). */
@ConfigMapping(prefix = "berth.verify")
public interface VerifyConfig {

    /**
     * Probes (one check on one host, or one direct HTTP check) running at the same time across all environments;
     * also the number of worker threads. More checks wait for a free slot.
     */
    @WithDefault("64")
    int maxConcurrentChecks();

    /** Probes of one environment running at the same time, so one large environment cannot take every slot. */
    @WithDefault("8")
    int maxConcurrentChecksPerEnvironment();

    /**
     * Environments the guard scheduler probes at the same time (its worker threads). Each waits for its checks,
     * which run on the {@code max-concurrent-checks} pool; more due environments queue for the next free thread.
     */
    @WithDefault("16")
    int guardConcurrency();

    /**
     * Whether a round that berth could not run (host unreachable, host key refused) counts as a failed round.
     * Off by default: a checker error breaks neither the pass nor the failure streak of a verification.
     */
    @WithDefault("false")
    boolean checkerErrorsFail();
}
