package dev.berth.api;

import dev.berth.work.ManagedExecutors;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The timer of the readiness checks' time limits: managed executor {@code health-timer} (thread
 * {@code berth-health-timer-1}). Mutiny's default timer is the worker pool, the very pool whose saturation
 * {@link ApiReadiness} must report, so its limits would never fire then.
 */
@ApplicationScoped
class HealthTimers {

    private final ScheduledExecutorService timer;

    HealthTimers(ManagedExecutors executors) {
        this.timer = executors.scheduled("health-timer", 1);
    }

    ScheduledExecutorService timer() {
        return timer;
    }
}
