package dev.berth.work;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;

/**
 * {@code /q/health/live}: DOWN when a registered worker loop died or made no progress for longer than its stall time
 * ({@code berth.work.stall-after}). Each loop is listed with its state, so the answer says which one.
 */
@Liveness
@ApplicationScoped
public class WorkerLoopsLiveness implements HealthCheck {

    private final ManagedExecutors executors;

    public WorkerLoopsLiveness(ManagedExecutors executors) {
        this.executors = executors;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("berth worker loops").up();
        for (LoopState loop : executors.loops()) {
            response.withData(loop.name(), loop.describe());
            if (loop.failing()) {
                response.down();
            }
        }
        return response.build();
    }
}
