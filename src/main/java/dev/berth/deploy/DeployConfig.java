package dev.berth.deploy;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How deploy tasks are processed. */
@ConfigMapping(prefix = "berth.deploy")
public interface DeployConfig {

    /** Run the router and the reconcilers in this instance (turn off for an ingest-only replica). */
    @WithDefault("true")
    boolean enabled();

    /**
     * TTL of the per app-environment lease of its reconciler; renewed every third of this while held. A replica that
     * dies leaves its environments to another after this long.
     */
    @WithDefault("30s")
    Duration lockTtl();

    /** Reconciler threads per replica (each works on one environment at a time). */
    @WithDefault("4")
    int workers();

    /**
     * A stream entry (router, CI gate) pending this long with a consumer that stopped is claimed by another
     * (XAUTOCLAIM). Entries are acknowledged once their intent is recorded, so this never re-runs a deploy.
     */
    @WithDefault("2m")
    Duration claimIdle();

    /** Deliveries of one stream entry before it goes to the dead-letter stream and its deployment fails. */
    @WithDefault("5")
    int maxDeliveries();

    /** Releases kept per environment on each host (the current and last known-good are always kept). */
    @WithDefault("5")
    int keepReleases();
}
