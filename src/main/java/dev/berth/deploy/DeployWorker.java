package dev.berth.deploy;

import dev.berth.domain.DeploymentId;
import dev.berth.events.RedisKeys;
import dev.berth.events.StreamWorker;
import dev.berth.events.StreamWorkers;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import org.jboss.logging.Logger;

/**
 * Runs deploy tasks from the deploy stream: one deploy at a time per app environment (Redis lock across replicas),
 * newest wins (an older queued task is recorded as superseded), acknowledged only after the outcome is recorded.
 */
@ApplicationScoped
public class DeployWorker implements StreamWorker.Handler {

    private static final Logger LOG = Logger.getLogger(DeployWorker.class);
    /** How long a task waits for the lock of its app environment before it is retried later. */
    private static final Duration LOCK_WAIT = Duration.ofMinutes(15);

    private final StreamWorkers workers;
    private final RedisKeys keys;
    private final DeploymentStore store;
    private final DeployQueue queue;
    private final DeployLocks locks;
    private final DeployConfig config;
    private final Instance<DeploymentExecutor> executor;
    private final Instance<PostDeploy> postDeploy;
    private final Event<DeploymentChanged> changed;
    private final Clock clock;

    public DeployWorker(StreamWorkers workers, RedisKeys keys, DeploymentStore store, DeployQueue queue,
            DeployLocks locks, DeployConfig config, Instance<DeploymentExecutor> executor,
            Instance<PostDeploy> postDeploy,
            Event<DeploymentChanged> changed, Clock clock) {
        this.workers = workers;
        this.keys = keys;
        this.store = store;
        this.queue = queue;
        this.locks = locks;
        this.config = config;
        this.executor = executor;
        this.postDeploy = postDeploy;
        this.changed = changed;
        this.clock = clock;
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.enabled()) {
            LOG.info("Deploy workers are disabled (berth.deploy.enabled=false)");
            return;
        }
        for (int i = 0; i < config.workers(); i++) {
            workers.start(keys.deployTasks(), RedisKeys.DEPLOYER_GROUP, "deploy-" + i, this, config.claimIdle(),
                    config.maxDeliveries());
        }
    }

    @Override
    public void handle(String id, Map<String, String> fields) {
        DeploymentId deploymentId = new DeploymentId(fields.get("deployment"));
        Optional<Deployment> found = store.find(deploymentId);
        if (found.isEmpty() || found.get().status().terminal()) {
            return;
        }
        Deployment d = found.get();
        long deadline = System.nanoTime() + LOCK_WAIT.toNanos();
        while (true) {
            if (supersededBy(d).isPresent()) {
                finish(d, DeploymentStatus.SUPERSEDED, "superseded by " + supersededBy(d).get());
                return;
            }
            Optional<DeployLocks.Lease> lease = locks.tryAcquire(d.app(), d.env());
            if (lease.isPresent()) {
                try (DeployLocks.Lease held = lease.get()) {
                    run(d);
                }
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new StreamWorker.Transient("deploy of " + d.app() + "/" + d.env() + " still locked");
            }
            LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
        }
    }

    /** A queued deployment is superseded when a newer one was queued for the same app environment. */
    private Optional<DeploymentId> supersededBy(Deployment d) {
        if (d.status() != DeploymentStatus.QUEUED) {
            return Optional.empty();
        }
        return queue.latest(d.app(), d.env()).filter(latest -> !latest.equals(d.id()));
    }

    private void run(Deployment queued) {
        Deployment d = queued.with(DeploymentStatus.RUNNING, clock.instant(), null);
        store.save(d);
        changed.fire(new DeploymentChanged(d));
        store.log(d.id(), "berth", "deploying " + d.image().repository() + "@" + d.digest() + " as release "
                + d.releaseId() + " to " + d.app() + "/" + d.env());
        try {
            DeploymentExecutor.DeployLog log = (stream, line) -> store.log(d.id(), stream, line);
            executor.get().execute(d, log);
            if (postDeploy.isResolvable()) {
                postDeploy.get().after(d, log);
            }
            finish(d, DeploymentStatus.SUCCEEDED, null);
        } catch (DeploymentExecutor.DeployFailed e) {
            finish(d, DeploymentStatus.FAILED, e.getMessage());
            // Only now, with the failure recorded and its log ended, does the follow-up (a rollback) start: its own
            // record is then always newer than the finished failure.
            e.followUp().ifPresent(followUp -> {
                try {
                    followUp.run();
                } catch (RuntimeException failure) {
                    LOG.errorf(failure, "Follow-up of failed deployment %s of %s/%s failed: %s", d.id(), d.app(),
                            d.env(), failure.getMessage());
                }
            });
        }
    }

    private void finish(Deployment d, DeploymentStatus status, String error) {
        Deployment done = d.with(status, clock.instant(), error);
        store.save(done);
        if (error != null) {
            store.log(d.id(), "berth", error);
        }
        store.endLog(d.id(), status.wire());
        changed.fire(new DeploymentChanged(done));
        LOG.infof("Deployment %s of %s/%s %s%s", d.id(), d.app(), d.env(), status.wire(),
                error == null ? "" : ": " + error);
    }

    @Override
    public void deadLettered(String id, Map<String, String> fields, String reason) {
        String raw = fields.get("deployment");
        if (raw == null) {
            return;
        }
        store.find(new DeploymentId(raw)).filter(d -> !d.status().terminal())
                .ifPresent(d -> finish(d, DeploymentStatus.FAILED, "given up: " + reason));
    }
}
