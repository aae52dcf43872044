package dev.berth.work;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Background work: how long a worker loop may go without progress before liveness reports it stalled. */
@ConfigMapping(prefix = "berth.work")
public interface WorkConfig {

    /**
     * A loop that registered without its own stall time is stalled after this long without a heartbeat. Stream
     * consumers beat at least every second while idle, and before and after each entry: set this above the longest
     * deploy plus verification a consumer may run.
     */
    @WithDefault("15m")
    Duration stallAfter();
}
