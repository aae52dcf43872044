package dev.berth.reconcile;

import dev.berth.deploy.DeployConfig;
import dev.berth.deploy.DeployLocks;
import dev.berth.gitops.StateRepositoryService;
import dev.berth.gitops.StateSync;
import dev.berth.work.Heartbeat;
import dev.berth.work.ManagedExecutors;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import org.jboss.logging.Logger;

/**
 * The reconciler threads ({@code berth.deploy.workers} per replica): each takes due environments from the shared
 * {@link ReconcileQueue}, takes the environment's lease ({@link DeployLocks}: one reconciler per environment across
 * replicas, renewed while held), gives it one turn of {@link EnvironmentReconciler}, and puts it back with its next
 * due time. While a turn runs the key stays queued with a safety due time of one lease TTL, so a replica that dies
 * mid-turn leaves the environment to another once its lease expired. No turn runs before the app definitions of
 * the state repository were loaded once: a restarted replica would otherwise plan a deployment against an empty
 * catalog and fail it ("app … is not defined") while its host may already run the release.
 *
 * <p>Each thread is a managed worker loop {@code reconcile-<n>} (thread {@code berth-reconcile-<n>}) that beats once
 * per poll and once per turn; a reconciler that dies (an error escapes its loop) or stalls longer than
 * {@code berth.work.stall-after} makes {@code /q/health/live} DOWN.
 */
@ApplicationScoped
public class ReconcileWorkers {

    private static final Logger LOG = Logger.getLogger(ReconcileWorkers.class);
    /** Due keys looked at per poll. */
    static final int BATCH = 16;
    /** A key whose lease another holds is looked at again this much later. */
    static final Duration BUSY_RETRY = Duration.ofSeconds(1);
    /** A turn that threw is retried this much later. */
    static final Duration ERROR_RETRY = Duration.ofSeconds(5);

    private final ReconcileQueue queue;
    private final DeployLocks locks;
    private final EnvironmentReconciler reconciler;
    private final DeployConfig deploy;
    private final ReconcileConfig config;
    private final Clock clock;
    private final StateRepositoryService state;
    private final Instance<StateSync> sync;
    private final ManagedExecutors executors;
    private final Set<String> local = ConcurrentHashMap.newKeySet();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private volatile boolean running;

    public ReconcileWorkers(ReconcileQueue queue, DeployLocks locks, EnvironmentReconciler reconciler,
            DeployConfig deploy, ReconcileConfig config, Clock clock, StateRepositoryService state,
            Instance<StateSync> sync, ManagedExecutors executors) {
        this.queue = queue;
        this.locks = locks;
        this.reconciler = reconciler;
        this.deploy = deploy;
        this.config = config;
        this.clock = clock;
        this.state = state;
        this.sync = sync;
        this.executors = executors;
    }

    void onStart(@Observes StartupEvent event) {
        if (!deploy.enabled()) {
            LOG.info("Reconcilers are disabled (berth.deploy.enabled=false)");
            return;
        }
        running = true;
        for (int i = 0; i < deploy.workers(); i++) {
            executors.start("reconcile-" + i, null, this::loop);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
        threads.forEach(Thread::interrupt);
    }

    /** Whether the app catalog is loaded: the state repository is off, or it was applied at least once. */
    private boolean catalogLoaded() {
        return !state.enabled() || sync.get().synced().isPresent();
    }

    private void loop(Heartbeat heartbeat) {
        threads.add(Thread.currentThread());
        try {
            turns(heartbeat);
        } finally {
            threads.remove(Thread.currentThread());
        }
        if (!running) {
            heartbeat.stopped();
        }
    }

    private void turns(Heartbeat heartbeat) {
        boolean waited = false;
        while (running) {
            heartbeat.beat();
            try {
                if (!catalogLoaded()) {
                    if (!waited) {
                        LOG.info("Reconcilers wait until the state repository's app definitions are loaded");
                        waited = true;
                    }
                    LockSupport.parkNanos(config.poll().toNanos());
                    continue;
                }
                List<ReconcileQueue.Key> due = queue.due(clock.instant(), BATCH);
                boolean worked = false;
                for (ReconcileQueue.Key key : due) {
                    if (!running) {
                        return;
                    }
                    if (local.add(key.member())) {
                        try {
                            worked |= turn(key);
                            heartbeat.beat();
                        } finally {
                            local.remove(key.member());
                        }
                    }
                }
                if (!worked) {
                    LockSupport.parkNanos(config.poll().toNanos());
                }
            } catch (RuntimeException e) {
                if (running) {
                    LOG.warnf("Reconcile queue poll failed: %s", e.getMessage());
                    LockSupport.parkNanos(config.poll().toNanos());
                }
            }
        }
    }

    /** One turn on {@code key} when its lease is free; true when it ran. */
    private boolean turn(ReconcileQueue.Key key) {
        Optional<DeployLocks.Lease> lease = locks.tryAcquire(key.app(), key.env());
        if (lease.isEmpty()) {
            queue.hold(key, clock.instant().plus(BUSY_RETRY).toEpochMilli());
            return false;
        }
        long held = clock.instant().plus(deploy.lockTtl()).toEpochMilli();
        Instant next = null;
        try (DeployLocks.Lease l = lease.get()) {
            queue.hold(key, held);
            next = reconciler.reconcile(key.app(), key.env(), l::lost);
        } catch (RuntimeException e) {
            LOG.errorf(e, "Reconciling %s failed: %s; retrying in %s", key, e.getMessage(), ERROR_RETRY);
            next = clock.instant().plus(ERROR_RETRY);
        } finally {
            queue.finish(key, held, next);
        }
        return true;
    }
}
