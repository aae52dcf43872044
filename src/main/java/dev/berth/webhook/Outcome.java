package dev.berth.webhook;

/** How berth answered one webhook delivery; the {@code outcome} tag of the webhook metrics. */
public enum Outcome {
    QUEUED("queued", 202),
    DUPLICATE("duplicate", 200),
    IGNORED("ignored", 202),
    PONG("pong", 200),
    UNAUTHORIZED("unauthorized", 401),
    MALFORMED("malformed", 400),
    TOO_LARGE("too_large", 413),
    UNSUPPORTED_TYPE("unsupported_type", 415),
    DISABLED("disabled", 404),
    UNAVAILABLE("unavailable", 503),
    /** The bytes of webhook bodies in memory reached {@code berth.webhooks.max-in-flight}. */
    OVERLOADED("overloaded", 503);

    private final String tag;
    private final int status;

    Outcome(String tag, int status) {
        this.tag = tag;
        this.status = status;
    }

    public String tag() {
        return tag;
    }

    public int status() {
        return status;
    }
}
