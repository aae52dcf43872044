package dev.berth.config;

/** Whether verified digests of an environment move on to the next environment by themselves. */
public enum PromoteMode {
    /** A digest verified here is promoted to the next environment at once (after its soak and approval). */
    AUTO,
    /** Promotion waits for {@code POST /api/v1/apps/{app}/environments/{next}/promote}. The default. */
    MANUAL
}
