package dev.berth.promote;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How berth follows GitHub workflow runs for the CI gates of environments (docs/verification.md, "CI gate"). */
@ConfigMapping(prefix = "berth.ci")
public interface CiGateConfig {

    /** Read workflow runs from the events stream in this instance (turn off for an ingest-only replica). */
    @WithDefault("true")
    boolean enabled();

    /** How long the conclusions of a commit's workflow runs, and a promotion waiting for them, are kept. */
    @WithDefault("30d")
    Duration keep();

    /** A stream entry pending this long with a consumer that stopped is claimed by another (XAUTOCLAIM). */
    @WithDefault("2m")
    Duration claimIdle();

    /** Deliveries of one stream entry before it goes to the dead-letter stream. */
    @WithDefault("5")
    int maxDeliveries();
}
