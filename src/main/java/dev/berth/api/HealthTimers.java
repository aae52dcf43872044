package dev.berth.api;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The timer of the readiness checks' time limits. Mutiny's default timer is the worker pool, the very pool whose
 * saturation {@link ApiReadiness} must report, so its limits would never fire then.
 */
final class HealthTimers {

    static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "berth-health-timer");
        t.setDaemon(true);
        return t;
    });

    private HealthTimers() {
    }
}
