package dev.berth.poll;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Registry polling: apps with {@code track.poll} in app.yaml are polled at that interval; with a safety net every
 * other app too, slowly. See docs/registries.md#polling.
 */
@ConfigMapping(prefix = "berth.poll")
public interface PollConfig {

    /** Poll registries from this replica (the replicas that do still take turns through a Redis lease). */
    @WithDefault("true")
    boolean enabled();

    /**
     * Poll every app without {@code track.poll} at this interval too, to catch pushes whose webhook was lost
     * (counted in {@code berth_poll_found_missed_total}). Off unless set; {@code 1h} is a sensible value.
     */
    Optional<Duration> safetyNet();

    /**
     * How often the poller looks for due apps (the scheduled task reads the property directly, with the same
     * default); an app is polled at its own interval, never more often than this.
     */
    @WithDefault("1s")
    Duration tick();

    /** Wait after start before the first tick (read directly by the scheduled task too). */
    @WithDefault("2s")
    Duration delay();

    /** Tags asked for per page of {@code /v2/<name>/tags/list} ({@code n}); the {@code Link} header gives the next. */
    @WithDefault("100")
    int pageSize();

    /**
     * Each app's next poll is its interval plus or minus this fraction of it, at random, so apps with the same
     * interval spread out instead of asking the registry at the same moment.
     */
    @WithDefault("0.1")
    double jitter();

    /** Requests per minute berth may send to one registry while polling, unless the registry has its own entry. */
    @WithDefault("600")
    int requestsPerMinute();

    /** Per registry host ({@code docker.io}, {@code ghcr.io}, {@code host:port}): its own request budget. */
    Map<String, RegistryLimit> registries();

    /** Wait after a 429 or 503 without {@code Retry-After} before this registry is asked again. */
    @WithDefault("30s")
    Duration backoff();

    /** How long the polling lease lasts without renewal; another replica takes over after it lapses. */
    @WithDefault("15s")
    Duration leaseTtl();

    /** One registry's limits. */
    interface RegistryLimit {
        /** Requests per minute to this registry while polling. */
        int requestsPerMinute();
    }
}
