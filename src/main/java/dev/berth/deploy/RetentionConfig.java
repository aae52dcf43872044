package dev.berth.deploy;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * How long deployment records and their log streams stay in Redis. A record goes when it is beyond the newest
 * {@link #keepPerEnvironment()} of its app environment or older than {@link #maxAge()}, unless it records what runs
 * there (the newest succeeded deployment), the known-good release, or a deployment that has not ended.
 */
@ConfigMapping(prefix = "berth.deployments.retention")
public interface RetentionConfig {

    /** Run the retention in this instance. */
    @WithDefault("true")
    boolean enabled();

    /** How often the retention runs. */
    @WithDefault("1h")
    Duration interval();

    /** Records kept per app environment, newest first (at least 1). */
    @WithDefault("200")
    int keepPerEnvironment();

    /** Records older than this go even within the count; {@code 0s} keeps records of any age. */
    @WithDefault("180d")
    Duration maxAge();
}
