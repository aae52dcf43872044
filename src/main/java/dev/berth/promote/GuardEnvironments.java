package dev.berth.promote;

import dev.berth.config.AppCatalog;
import dev.berth.config.AppDefinition;
import dev.berth.config.EnvironmentSpec;
import dev.berth.deploy.DeployLocks;
import dev.berth.deploy.Deployment;
import dev.berth.events.RedisKeys;
import dev.berth.verify.CheckResult;
import dev.berth.verify.Guard;
import dev.berth.verify.SmokeChecks;
import dev.berth.verify.VerifyConfig;
import dev.berth.work.ManagedExecutors;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.jboss.logging.Logger;

/**
 * The scheduler that keeps guarding every environment after verification. Each tick only looks at local due times
 * (no Redis call for an environment that is not due); a due environment is handed to a bounded pool
 * ({@code berth.verify.guard-concurrency} threads), which checks that it has a known-good release and no deploy
 * running, takes its Redis lease for the interval (so exactly one replica probes it), runs its checks, updates its
 * guard state and its soak. A regression (consecutive failures reaching the threshold) inside the rollback window
 * rolls back in the same round; outside it alerts only.
 */
@ApplicationScoped
public class GuardEnvironments {

    private static final Logger LOG = Logger.getLogger(GuardEnvironments.class);
    private static final String NODE = ManagementFactory.getRuntimeMXBean().getName();
    /** Environments waiting for a guard thread; more are skipped this tick and tried on the next. */
    static final int MAX_QUEUED = 100_000;

    private final AppCatalog catalog;
    private final SmokeChecks checks;
    private final EnvironmentRecords records;
    private final DeployLocks locks;
    private final GuardStates states;
    private final GuardActions actions;
    private final SoakWatch soakWatch;
    private final RedisDataSource redis;
    private final RedisKeys keys;
    private final PromotionMetrics metrics;
    private final Clock clock;
    private final CheckHistory history;
    private final ExecutorService probes;
    /** Per environment ("app/env"): System.nanoTime() when its next probe is due; present while one is queued. */
    private final Map<String, Long> nextDue = new ConcurrentHashMap<>();
    private final Map<String, Boolean> inFlight = new ConcurrentHashMap<>();

    public GuardEnvironments(AppCatalog catalog, SmokeChecks checks, EnvironmentRecords records, DeployLocks locks,
            GuardStates states, GuardActions actions, SoakWatch soakWatch, RedisDataSource redis, RedisKeys keys,
            PromotionMetrics metrics, CheckHistory history, VerifyConfig config, Clock clock,
            ManagedExecutors executors) {
        this.catalog = catalog;
        this.history = history;
        this.checks = checks;
        this.records = records;
        this.locks = locks;
        this.states = states;
        this.actions = actions;
        this.soakWatch = soakWatch;
        this.redis = redis;
        this.keys = keys;
        this.metrics = metrics;
        this.clock = clock;
        int threads = config.guardConcurrency();
        if (threads < 1 || threads > 1_000) {
            throw new IllegalStateException("berth.verify.guard-concurrency must be from 1 to 1000, got " + threads);
        }
        this.probes = executors.pool("guard", threads, MAX_QUEUED);
    }

    void onStop(@Observes ShutdownEvent event) {
        probes.shutdownNow();
    }

    @Scheduled(every = "${berth.verify.guard-tick:1s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        long now = System.nanoTime();
        for (AppDefinition app : catalog.all()) {
            for (EnvironmentSpec env : app.environments()) {
                if (env.checks().isEmpty()) {
                    continue;
                }
                String id = app.name() + "/" + env.name();
                Long due = nextDue.get(id);
                if ((due != null && now - due < 0) || inFlight.putIfAbsent(id, Boolean.TRUE) != null) {
                    continue;
                }
                nextDue.put(id, now + env.verify().interval().toNanos());
                try {
                    probes.execute(() -> guard(app, env, id));
                } catch (RejectedExecutionException e) {
                    inFlight.remove(id);
                    nextDue.remove(id);
                }
            }
        }
    }

    private void guard(AppDefinition app, EnvironmentSpec env, String id) {
        try {
            if (!records.hasKnownGood(app.name(), env.name()) || locks.holder(app.name(), env.name()).isPresent()) {
                return;
            }
            Object leased = redis.execute("SET", keys.guardLease(app.name().value(), env.name().value()), NODE,
                    "NX", "PX", Long.toString(leaseMillis(env.verify().interval())));
            if (leased != null) {
                probe(app, env);
            }
        } catch (RuntimeException e) {
            LOG.warnf("Guard probe of %s failed: %s", id, e.getMessage());
        } finally {
            inFlight.remove(id);
        }
    }

    /**
     * Half the interval: long enough that another replica due a little later in the same interval skips, short
     * enough that this replica's own next round (queued behind others, so a little late or early) is not refused by
     * the lease of its previous round, which an interval-long lease did for a third of the rounds under load.
     */
    static long leaseMillis(Duration interval) {
        return Math.max(100, interval.toMillis() / 2);
    }

    private void probe(AppDefinition app, EnvironmentSpec env) {
        Optional<Deployment> current = states.current(app.name(), env.name());
        if (current.isEmpty()) {
            return;
        }
        long start = System.nanoTime();
        CheckResult result = checks.check(app, env);
        history.record(app.name(), env.name(), "guard", result);
        metrics.guardRound(Duration.ofNanos(System.nanoTime() - start));
        metrics.checked(app.name(), env.name(), PromotionMetrics.Phase.GUARD, result.verdict());
        GuardStates.Loaded loaded = states.load(app.name(), env.name(), current.get(), env);
        Guard.Step step = loaded.guard().record(result);
        states.save(app.name(), env.name(), current.get(), loaded, step.next());
        soakWatch.observe(app, env, current.get(), result);
        switch (step.decision()) {
            case ROLLBACK -> actions.rollBack(app, env, current.get(), result, clock.instant());
            case ALERT -> actions.alert(app, env, current.get(), result);
            case NONE -> { }
        }
    }
}
