package dev.berth.reconcile;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How the environment reconciler works its queue (docs/architecture.md). */
@ConfigMapping(prefix = "berth.reconcile")
public interface ReconcileConfig {

    /** How often an idle reconciler thread looks for due environments in the queue. */
    @WithDefault("250ms")
    Duration poll();

    /** The first retry of a failed rollback comes this long after it failed; each next one waits twice as long. */
    @WithDefault("10s")
    Duration rollbackRetry();

    /** The longest wait between two attempts of a failed rollback. */
    @WithDefault("5m")
    Duration rollbackRetryMax();

    /** How often the phase and queue gauges are read from Redis. */
    @WithDefault("15s")
    Duration metricsEvery();

    /** How often environments without a status record are looked for (adopted from their history once). */
    @WithDefault("30s")
    Duration adoptEvery();
}
