package dev.berth.config;

/**
 * {@code compose: running}: every service of the compose project {@code <app>-<env>} runs on every host, and is
 * healthy where the service defines a healthcheck.
 */
public record ComposeCheck() implements CheckSpec {

    /** The only state a compose check can require today. */
    public static final String RUNNING = "running";

    @Override
    public String describe() {
        return "compose: running";
    }
}
