package dev.berth.notify;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** {@code berth_notifications_total{sink,kind,outcome}}: what became of each notification at each sink. */
@ApplicationScoped
public class NotifyMetrics {

    /** What became of one notification at one sink, or of one retried attempt. */
    public enum Outcome {
        DELIVERED, RETRIED, FAILED, FILTERED, DUPLICATE;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public NotifyMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void count(String sink, String kind, Outcome outcome) {
        counters.computeIfAbsent(sink + '\0' + kind + '\0' + outcome.tag(), k -> Counter.builder("berth.notifications")
                .description("Notifications by sink, kind and outcome")
                .tag("sink", sink).tag("kind", kind).tag("outcome", outcome.tag())
                .register(registry)).increment();
    }

    /** The current count (tests, diagnostics). */
    public double value(String sink, String kind, Outcome outcome) {
        Counter c = counters.get(sink + '\0' + kind + '\0' + outcome.tag());
        return c == null ? 0 : c.count();
    }
}
