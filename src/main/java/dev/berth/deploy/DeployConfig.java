package dev.berth.deploy;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How deploy tasks are processed. */
@ConfigMapping(prefix = "berth.deploy")
public interface DeployConfig {

    /** Run deploy workers in this instance (turn off for an ingest-only replica). */
    @WithDefault("true")
    boolean enabled();

    /** TTL of the per app-environment deploy lock; it is renewed every third of this while a deploy runs. */
    @WithDefault("30s")
    Duration lockTtl();

    /** Worker threads that run deploys (each deploy holds one while it talks to its hosts). */
    @WithDefault("4")
    int workers();

    /** A stream entry pending this long with a consumer that stopped is claimed by another (XAUTOCLAIM). */
    @WithDefault("2m")
    Duration claimIdle();

    /** Deliveries of one stream entry before it goes to the dead-letter stream and its deployment fails. */
    @WithDefault("5")
    int maxDeliveries();

    /** Releases kept per environment on each host (the current and last known-good are always kept). */
    @WithDefault("5")
    int keepReleases();
}
