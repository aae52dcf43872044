package dev.berth.notify;

import java.time.Duration;

/** The kinds of sink berth can post to, with the request rate each tolerates. */
public enum SinkType {
    /** Slack incoming webhook: about one message per second per webhook. */
    SLACK(Duration.ofSeconds(1)),
    /** Discord webhook: 30 requests per minute per channel. */
    DISCORD(Duration.ofSeconds(2)),
    /** Microsoft Teams through a Power Automate Workflows URL. */
    TEAMS(Duration.ofSeconds(1)),
    /** Generic HTTP consumer of signed CloudEvents: no limit of its own. */
    WEBHOOK(Duration.ZERO);

    private final Duration defaultMinInterval;

    SinkType(Duration defaultMinInterval) {
        this.defaultMinInterval = defaultMinInterval;
    }

    /** Minimum time between two requests when {@code min-interval} is not configured. */
    public Duration defaultMinInterval() {
        return defaultMinInterval;
    }
}
