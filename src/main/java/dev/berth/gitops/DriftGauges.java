package dev.berth.gitops;

import dev.berth.domain.AppName;
import dev.berth.domain.EnvName;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code berth.drift} gauge (tags app, env, host): 1 when the host drifted when last checked, 0 when clean.
 * A host appears once it was checked; each replica refreshes its values from the shared state in Redis, so every
 * replica exports the same values.
 */
@ApplicationScoped
public class DriftGauges {

    private final MeterRegistry metrics;
    private final Map<String, AtomicInteger> values = new ConcurrentHashMap<>();

    public DriftGauges(MeterRegistry metrics) {
        this.metrics = metrics;
    }

    /** Sets the gauge of each host in {@code states} (host to 0 or 1). */
    public void set(AppName app, EnvName env, Map<String, Integer> states) {
        states.forEach((host, value) -> values.computeIfAbsent(app + "\n" + env + "\n" + host, k -> {
            AtomicInteger v = new AtomicInteger();
            Gauge.builder("berth.drift", v, AtomicInteger::get)
                    .description("1 when the host runs something berth did not deploy there, 0 when clean")
                    .tags("app", app.value(), "env", env.value(), "host", host).register(metrics);
            return v;
        }).set(value));
    }

    /**
     * Counts one check of an environment: {@code clean}, {@code drift}, {@code error} (a host could not be checked)
     * or {@code skipped} (a deployment was locked, queued or running).
     */
    public void checked(AppName app, EnvName env, String result) {
        metrics.counter("berth.drift.checks", "app", app.value(), "env", env.value(), "result", result).increment();
    }
}
