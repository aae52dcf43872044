package dev.berth.deploy;

import dev.berth.domain.DeploymentId;
import dev.berth.events.RedisKeys;
import dev.berth.events.StreamWorkers;
import dev.berth.reconcile.ReconcileQueue;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Drains the deploy task stream ({@code berth:deploys}) that berth wrote before the reconciler existed: each entry
 * only asks the reconciler to look at its environment, and is acknowledged at once. berth no longer writes to this
 * stream ({@link DeployQueue} records the desired state and queues the environment itself).
 */
@ApplicationScoped
public class DeployWorker implements dev.berth.events.StreamWorker.Handler {

    private static final Logger LOG = Logger.getLogger(DeployWorker.class);

    private final StreamWorkers workers;
    private final RedisKeys keys;
    private final DeploymentStore store;
    private final DeployConfig config;
    private final ReconcileQueue reconcile;
    private final DeploymentLifecycle lifecycle;
    private final Clock clock;

    public DeployWorker(StreamWorkers workers, RedisKeys keys, DeploymentStore store, DeployConfig config,
            ReconcileQueue reconcile, DeploymentLifecycle lifecycle, Clock clock) {
        this.workers = workers;
        this.keys = keys;
        this.store = store;
        this.config = config;
        this.reconcile = reconcile;
        this.lifecycle = lifecycle;
        this.clock = clock;
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.enabled()) {
            LOG.info("Deploy workers are disabled (berth.deploy.enabled=false)");
            return;
        }
        workers.start(keys.deployTasks(), RedisKeys.DEPLOYER_GROUP, "deploy-0", this, config.claimIdle(),
                config.maxDeliveries());
    }

    @Override
    public void handle(String id, Map<String, String> fields) {
        String raw = fields.get("deployment");
        if (raw == null) {
            return;
        }
        store.find(new DeploymentId(raw)).filter(d -> !d.status().terminal())
                .ifPresent(d -> reconcile.enqueue(d.app(), d.env(), clock.instant()));
    }

    @Override
    public void deadLettered(String id, Map<String, String> fields, String reason) {
        String raw = fields.get("deployment");
        if (raw == null) {
            return;
        }
        store.find(new DeploymentId(raw)).filter(d -> d.status() == DeploymentStatus.QUEUED)
                .ifPresent(d -> lifecycle.finish(d, DeploymentStatus.FAILED, "given up: " + reason));
    }
}
