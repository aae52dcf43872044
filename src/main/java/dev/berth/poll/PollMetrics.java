package dev.berth.poll;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Polling meters: {@code berth_poll_requests_total{registry,status}} (every request the poller sent, by status
 * class), {@code berth_poll_budget_requests_per_minute{registry}} and {@code berth_poll_budget_remaining{registry}}
 * (the request budget and what is left of it now), {@code berth_poll_budget_exhausted_total{registry}} (a request
 * waited for the budget), {@code berth_poll_found_total{app}} (a poll stored a push) and
 * {@code berth_poll_found_missed_total{app}} (the safety net stored a push no webhook had delivered),
 * {@code berth_poll_errors_total{app,kind}}.
 */
@ApplicationScoped
public class PollMetrics {

    private final MeterRegistry registry;

    public PollMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void request(String host, int status) {
        registry.counter("berth.poll.requests", "registry", host, "status", status / 100 + "xx"
                + (status == 429 ? "-429" : status == 304 ? "-304" : "")).increment();
    }

    void budget(String host, RequestBudget budget) {
        Gauge.builder("berth.poll.budget.requests.per.minute", budget, RequestBudget::perMinute)
                .tag("registry", host).register(registry);
        Gauge.builder("berth.poll.budget.remaining", budget, RequestBudget::remaining)
                .tag("registry", host).register(registry);
    }

    void budgetExhausted(String host) {
        registry.counter("berth.poll.budget.exhausted", "registry", host).increment();
    }

    void found(String app) {
        registry.counter("berth.poll.found", "app", app).increment();
    }

    void foundMissed(String app) {
        registry.counter("berth.poll.found.missed", "app", app).increment();
    }

    void error(String app, String kind) {
        registry.counter("berth.poll.errors", "app", app, "kind", kind).increment();
    }
}
