package dev.berth.promote;

import dev.berth.config.AppCatalog;
import dev.berth.config.AppDefinition;
import dev.berth.config.EnvironmentSpec;
import dev.berth.deploy.DeployLocks;
import dev.berth.deploy.Deployment;
import dev.berth.deploy.DeploymentStatus;
import dev.berth.deploy.DeploymentStore;
import dev.berth.events.RedisKeys;
import dev.berth.notify.Notification;
import dev.berth.notify.NotificationKind;
import dev.berth.notify.NotificationOutbox;
import dev.berth.notify.Severity;
import dev.berth.verify.CheckResult;
import dev.berth.verify.Guard;
import dev.berth.verify.SmokeChecks;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * The scheduler that keeps guarding every environment after verification: each tick, every environment whose next
 * probe is due is checked by exactly one replica (a Redis lease per environment and interval). A regression
 * (consecutive failures reaching the threshold) inside the rollback window after the last deploy rolls back in the
 * same tick; outside the window it alerts only. Environments being deployed (deploy lock held) are left alone.
 */
@ApplicationScoped
public class GuardEnvironments {

    private static final Logger LOG = Logger.getLogger(GuardEnvironments.class);
    private static final String NODE = ManagementFactory.getRuntimeMXBean().getName();

    private final AppCatalog catalog;
    private final SmokeChecks checks;
    private final EnvironmentRecords records;
    private final DeploymentStore store;
    private final DeployLocks locks;
    private final Rollbacks rollbacks;
    private final NotificationOutbox outbox;
    private final RedisDataSource redis;
    private final RedisKeys keys;
    private final PromotionMetrics metrics;
    private final SoakWatch soakWatch;
    private final Clock clock;
    private final ExecutorService probes = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "berth-guard");
        t.setDaemon(true);
        return t;
    });
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    public GuardEnvironments(AppCatalog catalog, SmokeChecks checks, EnvironmentRecords records,
            DeploymentStore store, DeployLocks locks, Rollbacks rollbacks, NotificationOutbox outbox,
            RedisDataSource redis, RedisKeys keys, PromotionMetrics metrics, SoakWatch soakWatch, Clock clock) {
        this.soakWatch = soakWatch;
        this.catalog = catalog;
        this.checks = checks;
        this.records = records;
        this.store = store;
        this.locks = locks;
        this.rollbacks = rollbacks;
        this.outbox = outbox;
        this.redis = redis;
        this.keys = keys;
        this.metrics = metrics;
        this.clock = clock;
    }

    void onStop(@Observes ShutdownEvent event) {
        probes.shutdownNow();
    }

    @Scheduled(every = "${berth.verify.guard-tick:1s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        Instant now = clock.instant();
        for (AppDefinition app : catalog.all()) {
            for (EnvironmentSpec env : app.environments()) {
                try {
                    schedule(app, env, now);
                } catch (RuntimeException e) {
                    LOG.warnf("Guard of %s/%s skipped this tick: %s", app.name(), env.name(), e.getMessage());
                }
            }
        }
    }

    private void schedule(AppDefinition app, EnvironmentSpec env, Instant now) {
        String id = app.name() + "/" + env.name();
        if (env.checks().isEmpty() || inFlight.contains(id)
                || records.knownGood(app.name(), env.name()).isEmpty()
                || locks.holder(app.name(), env.name()).isPresent()) {
            return;
        }
        Duration interval = env.verify().interval();
        Object leased = redis.execute("SET", keys.guardLease(app.name().value(), env.name().value()), NODE, "NX",
                "PX", Long.toString(Math.max(100, interval.toMillis() - 50)));
        if (leased == null) {
            return;
        }
        inFlight.add(id);
        probes.submit(() -> {
            try {
                probe(app, env);
            } catch (RuntimeException e) {
                LOG.warnf("Guard probe of %s failed: %s", id, e.getMessage());
            } finally {
                inFlight.remove(id);
            }
        });
    }

    private void probe(AppDefinition app, EnvironmentSpec env) {
        Optional<Deployment> current = store.list(Optional.of(app.name()), Optional.of(env.name()), 20).stream()
                .filter(d -> d.status() == DeploymentStatus.SUCCEEDED).findFirst();
        if (current.isEmpty()) {
            return;
        }
        CheckResult result = checks.check(app, env);
        metrics.checked(app.name(), env.name(), PromotionMetrics.Phase.GUARD, result.verdict());
        String key = keys.guard(app.name().value(), env.name().value());
        Map<String, String> saved = redis.hash(String.class).hgetall(key);
        Guard guard = load(saved, current.get(), env);
        Guard.Step step = guard.record(result);
        soakWatch.observe(app, env, current.get(), result);
        redis.hash(String.class).hset(key, Map.of("deployment", current.get().id().value(),
                "failStreak", Integer.toString(step.next().failStreak()), "health", step.next().health().name(),
                "acted", Boolean.toString(step.next().acted())));
        switch (step.decision()) {
            case ROLLBACK -> rollBack(app, env, current.get(), result);
            case ALERT -> alert(app, env, current.get(), result);
            case NONE -> { }
        }
    }

    /** The guard state of the current deployment; a new deployment starts a fresh guard. */
    private static Guard load(Map<String, String> saved, Deployment current, EnvironmentSpec env) {
        Instant deployedAt = current.finishedAt() == null ? current.createdAt() : current.finishedAt();
        Guard fresh = Guard.watching(deployedAt, env.rollback().window(), env.rollback().failures());
        if (saved == null || !current.id().value().equals(saved.get("deployment"))) {
            return fresh;
        }
        return new Guard(deployedAt, env.rollback().window(), env.rollback().failures(),
                Integer.parseInt(saved.getOrDefault("failStreak", "0")),
                Guard.Health.valueOf(saved.getOrDefault("health", "HEALTHY")),
                Boolean.parseBoolean(saved.getOrDefault("acted", "false")));
    }

    private void rollBack(AppDefinition app, EnvironmentSpec env, Deployment current, CheckResult trigger) {
        Instant crossed = clock.instant();
        Optional<DeployLocks.Lease> lease = locks.tryAcquire(app.name(), env.name());
        if (lease.isEmpty()) {
            LOG.infof("%s/%s regressed but a deploy holds its lock: no rollback", app.name(), env.name());
            return;
        }
        try (DeployLocks.Lease held = lease.get()) {
            LOG.warnf("%s/%s regressed within %s of its deploy (%s: %s): rolling back", app.name(), env.name(),
                    env.rollback().window(), trigger.check(), trigger.detail());
            store.log(current.id(), "berth", "guard: regression detected (" + trigger.check() + ": "
                    + trigger.detail() + "); rolling back");
            Rollbacks.Incident incident = rollbacks.rollback(app, env, current, trigger, Optional.empty(),
                    (stream, line) -> store.log(current.id(), stream, line));
            store.incident(current.id(), incident.note());
            incident.restoredRelease().flatMap(release -> store.list(Optional.of(app.name()),
                    Optional.of(env.name()), 50).stream().filter(d -> d.releaseId().value().equals(release))
                    .findFirst()).ifPresent(restored -> records.markGood(restored, clock.instant()));
            metrics.rolledBack(app.name(), env.name(), PromotionMetrics.RollbackReason.REGRESSION,
                    Duration.between(crossed, clock.instant()));
        }
    }

    private void alert(AppDefinition app, EnvironmentSpec env, Deployment current, CheckResult trigger) {
        try {
            outbox.publish(Notification.of(NotificationKind.VERIFICATION_FAILED, app.name().value(),
                    env.name().value(), app.name() + "/" + env.name() + " is failing outside its rollback window:"
                            + " no automatic rollback", clock.instant())
                    .withSeverity(Severity.CRITICAL)
                    .withImage(current.digest().value(), current.tag())
                    .withDeployment(current.releaseId().value(), current.id().value())
                    .withText(trigger.check() + ": " + trigger.detail()));
        } catch (RuntimeException e) {
            LOG.errorf("Alert for %s/%s not queued: %s", app.name(), env.name(), e.getMessage());
        }
    }
}
