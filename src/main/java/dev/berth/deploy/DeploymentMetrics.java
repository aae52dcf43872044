package dev.berth.deploy;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;

/**
 * Deployment metrics: {@code berth_deployments_total{app,env,status}} for every state reached, and
 * {@code berth_deployment_duration_seconds{app,env,status}} from start to end of finished deployments.
 */
@ApplicationScoped
public class DeploymentMetrics {

    private final MeterRegistry registry;

    public DeploymentMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void onChange(@Observes DeploymentChanged changed) {
        Deployment d = changed.deployment();
        registry.counter("berth.deployments", "app", d.app().value(), "env", d.env().value(),
                "status", d.status().wire()).increment();
        if (d.status().terminal() && d.startedAt() != null && d.finishedAt() != null) {
            Timer.builder("berth.deployment.duration").tag("app", d.app().value()).tag("env", d.env().value())
                    .tag("status", d.status().wire()).register(registry)
                    .record(Duration.between(d.startedAt(), d.finishedAt()));
        }
    }
}
