package dev.berth.webhook;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counters and the answer-time histogram of the webhook endpoints. Every tag value comes from a fixed set: a value
 * taken from a request (a header, a payload field) that is not in the set is counted as {@code other}, so no sender,
 * authenticated or not, can create new series (each series costs memory for the life of the process).
 */
@ApplicationScoped
public class WebhookMetrics {

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    /** The sources: the path segment after {@code /webhooks/}. */
    static final Set<String> SOURCES = Set.of("github", "distribution", "dockerhub", "harbor", "quay");

    /**
     * The event labels: GitHub's events berth knows (plus {@code ping}) and the registries' actions. A request that
     * was not authenticated is counted with {@code unknown}, whatever it claims.
     */
    static final Set<String> EVENTS = Set.of("ping", "push", "workflow_run", "release", "package", "registry_package",
            "pull", "mount", "delete", "mixed", "other", "unknown");

    public WebhookMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Counts one delivery: {@code berth_webhooks_total{source,event,outcome}}. */
    public void count(String source, String event, Outcome outcome) {
        String s = sourceLabel(source);
        String e = eventLabel(event);
        counters.computeIfAbsent(s + '\0' + e + '\0' + outcome.tag(), k -> Counter.builder("berth.webhooks")
                .description("Webhook deliveries by source, event and outcome")
                .tag("source", s).tag("event", e).tag("outcome", outcome.tag())
                .register(registry)).increment();
    }

    /** Records the answer time of one delivery: {@code berth_webhook_answer_seconds{source,status}}. */
    public void answered(String source, int status, Duration took) {
        String s = sourceLabel(source);
        int code = status >= 100 && status <= 599 ? status : 0;
        timers.computeIfAbsent(s + '\0' + code, k -> Timer.builder("berth.webhook.answer")
                .description("Time from request to answer of webhook deliveries")
                .tag("source", s).tag("status", Integer.toString(code))
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry)).record(took);
    }

    /** The source tag: a known source, else {@code other}. */
    static String sourceLabel(String source) {
        return source != null && SOURCES.contains(source) ? source : "other";
    }

    /** The event tag: a known event, {@code unknown} when none is given, else {@code other}. */
    static String eventLabel(String event) {
        if (event == null || event.isBlank()) {
            return "unknown";
        }
        return EVENTS.contains(event) ? event : "other";
    }
}
