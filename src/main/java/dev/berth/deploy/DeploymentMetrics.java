package dev.berth.deploy;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;

/**
 * Deployment metrics: {@code berth_deployments_total{app,env,status}} for every outcome (succeeded, failed,
 * superseded; never queued or running, which are states a deployment passes through), and
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
        if (!d.status().terminal()) {
            return; // queued and running are states, not outcomes: counting them would add each deployment twice
        }
        registry.counter("berth.deployments", "app", d.app().value(), "env", d.env().value(),
                "status", d.status().wire()).increment();
        if (d.startedAt() != null && d.finishedAt() != null) {
            Timer.builder("berth.deployment.duration").tag("app", d.app().value()).tag("env", d.env().value())
                    .tag("status", d.status().wire()).register(registry)
                    .record(Duration.between(d.startedAt(), d.finishedAt()));
        }
    }
}
