package dev.berth.events;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How events are kept in Redis. */
@ConfigMapping(prefix = "berth.events")
public interface EventsConfig {

    /** Prefix of every Redis key berth writes; change it to share one Redis between installations. */
    @WithDefault("berth")
    String keyPrefix();

    /** Approximate maximum length of the events stream (XADD MAXLEN ~): old, processed entries are trimmed. */
    @WithDefault("100000")
    long maxLength();

    /** How long a (source, delivery id) is remembered to refuse a repeated delivery. */
    @WithDefault("7d")
    Duration dedupeWindow();

    /** How long a webhook waits for Redis before it answers 503 with Retry-After. */
    @WithDefault("2s")
    Duration redisTimeout();

    /**
     * How often the {@code berth_events_stream_length} gauge is refreshed (the scheduled task reads the property
     * directly, with the same default).
     */
    @WithDefault("15s")
    Duration streamMetricsInterval();
}
