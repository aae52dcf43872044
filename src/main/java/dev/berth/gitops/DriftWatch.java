package dev.berth.gitops;

import dev.berth.config.AppCatalog;
import dev.berth.config.AppDefinition;
import dev.berth.config.EnvironmentSpec;
import dev.berth.events.RedisKeys;
import dev.berth.work.Heartbeat;
import dev.berth.work.ManagedExecutors;
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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import org.jboss.logging.Logger;

/**
 * The drift scheduler: every {@code berth.state.drift-interval}, each environment is checked ({@link DriftCheck}) by
 * exactly one replica (a Redis lease per environment and interval); after each configuration change every environment
 * is checked once more (a lease per environment and commit). Replicas that did not check refresh their
 * {@code berth.drift} gauges from Redis once per interval. Checks run on their own small pool, never on the
 * scheduler thread, and one environment is never checked twice at once by one replica.
 */
@ApplicationScoped
public class DriftWatch {

    private static final Logger LOG = Logger.getLogger(DriftWatch.class);
    private static final String NODE = ManagementFactory.getRuntimeMXBean().getName();

    private final AppCatalog catalog;
    private final DriftCheck check;
    private final DriftEpisodes episodes;
    private final DriftGauges gauges;
    private final RedisDataSource redis;
    private final RedisKeys keys;
    private final StateConfig config;
    private final Clock clock;
    private final ExecutorService pool;
    private final Heartbeat ticks;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final Map<String, Instant> gaugesRefreshed = new ConcurrentHashMap<>();

    public DriftWatch(AppCatalog catalog, DriftCheck check, DriftEpisodes episodes, DriftGauges gauges,
            RedisDataSource redis, RedisKeys keys, StateConfig config, Clock clock, ManagedExecutors executors) {
        this.pool = executors.pool("drift", 2, 0);
        this.ticks = executors.register("drift-tick", null);
        this.catalog = catalog;
        this.check = check;
        this.episodes = episodes;
        this.gauges = gauges;
        this.redis = redis;
        this.keys = keys;
        this.config = config;
        this.clock = clock;
    }

    void onStop(@Observes ShutdownEvent event) {
        pool.shutdownNow();
    }

    /** Whether drift detection runs: enabled and a non-zero interval. */
    public boolean enabled() {
        return config.driftEnabled() && !config.driftInterval().isZero() && !config.driftInterval().isNegative();
    }

    @Scheduled(every = "${berth.state.drift-tick:1s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        ticks.beat();
        if (enabled()) {
            each("");
        }
    }

    /** After the catalog was reloaded at {@code commit}: checks every environment once more, now. */
    public void configChanged(String commit) {
        if (enabled()) {
            each(Refusals.shortId(commit));
        }
    }

    private void each(String tag) {
        for (AppDefinition app : catalog.all()) {
            for (EnvironmentSpec env : app.environments()) {
                try {
                    schedule(app, env, tag);
                } catch (RuntimeException e) {
                    LOG.warnf("Drift check of %s/%s skipped: %s", app.name(), env.name(), e.getMessage());
                }
            }
        }
    }

    private void schedule(AppDefinition app, EnvironmentSpec env, String tag) {
        String id = app.name() + "/" + env.name();
        if (inFlight.contains(id)) {
            return;
        }
        Duration interval = config.driftInterval();
        Object leased = redis.execute("SET", keys.driftLease(app.name().value(), env.name().value(), tag), NODE,
                "NX", "PX", Long.toString(Math.max(100, interval.toMillis() - 50)));
        if (leased == null) {
            refreshGauges(app, env, id, interval);
            return;
        }
        if (!inFlight.add(id)) {
            return;
        }
        gaugesRefreshed.put(id, clock.instant());
        pool.submit(() -> {
            try {
                check.check(app, env);
            } catch (RuntimeException e) {
                LOG.warnf("Drift check of %s failed: %s", id, e.getMessage());
            } finally {
                inFlight.remove(id);
            }
        });
    }

    /** Another replica checks this interval: take its findings from Redis, at most once per interval. */
    private void refreshGauges(AppDefinition app, EnvironmentSpec env, String id, Duration interval) {
        Instant now = clock.instant();
        Instant last = gaugesRefreshed.get(id);
        if (last == null || !now.isBefore(last.plus(interval))) {
            gaugesRefreshed.put(id, now);
            gauges.set(app.name(), env.name(), episodes.hostStates(app.name(), env.name()));
        }
    }
}
