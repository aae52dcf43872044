package dev.berth.reconcile;

import dev.berth.config.AppCatalog;
import dev.berth.config.AppDefinition;
import dev.berth.config.EnvironmentSpec;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Gauges read from the status records and the work queue, refreshed every {@code berth.reconcile.metrics-every}:
 * {@code berth_environment_phase{app,env,phase}} (1 for the phase each environment is in, 0 for the others it was
 * in before) and {@code berth_reconcile_queue_depth} (environments queued, due or not).
 */
@Startup
@ApplicationScoped
public class ReconcileMetrics {

    private static final Logger LOG = Logger.getLogger(ReconcileMetrics.class);

    private final AppCatalog catalog;
    private final EnvStatusStore statuses;
    private final ReconcileQueue queue;
    private final MeterRegistry registry;
    private final Map<String, AtomicLong> phases = new ConcurrentHashMap<>();
    private final AtomicLong depth = new AtomicLong();

    public ReconcileMetrics(AppCatalog catalog, EnvStatusStore statuses, ReconcileQueue queue,
            MeterRegistry registry) {
        this.catalog = catalog;
        this.statuses = statuses;
        this.queue = queue;
        this.registry = registry;
        // Registered with a supplier of this bean's queue, so a gauge of the same name left by an earlier instance
        // (another Quarkus application in the same JVM, as in the test suite) cannot shadow it with a dead reference.
        Gauge.builder("berth.reconcile.queue.depth", depth::get).strongReference(true)
                .description("Environments in the reconcile queue, due or not").register(registry);
    }

    @Scheduled(every = "${berth.reconcile.metrics-every:15s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        try {
            depth.set(queue.size());
            for (AppDefinition app : catalog.all()) {
                for (EnvironmentSpec env : app.environments()) {
                    Phase now = statuses.read(app.name(), env.name()).phase();
                    for (Phase p : Phase.values()) {
                        String id = app.name() + "/" + env.name() + "/" + p.wire();
                        AtomicLong v = phases.get(id);
                        if (p == now && v == null) {
                            v = phases.computeIfAbsent(id, k -> {
                                AtomicLong g = new AtomicLong();
                                Gauge.builder("berth.environment.phase", g, AtomicLong::get)
                                        .description("1 for the phase the environment is in")
                                        .tag("app", app.name().value()).tag("env", env.name().value())
                                        .tag("phase", p.wire()).register(registry);
                                return g;
                            });
                        }
                        if (v != null) {
                            v.set(p == now ? 1 : 0);
                        }
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.debugf("Reconcile gauges not refreshed: %s", e.getMessage());
        }
    }
}
