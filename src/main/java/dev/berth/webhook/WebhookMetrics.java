package dev.berth.webhook;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Counters and the answer-time histogram of the webhook endpoints. */
@ApplicationScoped
public class WebhookMetrics {

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    public WebhookMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Counts one delivery: {@code berth_webhooks_total{source,event,outcome}}. */
    public void count(String source, String event, Outcome outcome) {
        String e = event == null || event.isBlank() ? "unknown" : event;
        counters.computeIfAbsent(source + '\0' + e + '\0' + outcome.tag(), k -> Counter.builder("berth.webhooks")
                .description("Webhook deliveries by source, event and outcome")
                .tag("source", source).tag("event", e).tag("outcome", outcome.tag())
                .register(registry)).increment();
    }

    /** Records the answer time of one delivery: {@code berth_webhook_answer_seconds{source,status}}. */
    public void answered(String source, int status, Duration took) {
        timers.computeIfAbsent(source + '\0' + status, k -> Timer.builder("berth.webhook.answer")
                .description("Time from request to answer of webhook deliveries")
                .tag("source", source).tag("status", Integer.toString(status))
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry)).record(took);
    }
}
