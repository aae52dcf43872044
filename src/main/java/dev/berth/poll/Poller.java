package dev.berth.poll;

import dev.berth.config.AppCatalog;
import dev.berth.config.AppDefinition;
import dev.berth.config.TrackPolicy;
import dev.berth.events.RedisKeys;
import dev.berth.registry.RegistryConfig;
import dev.berth.registry.RegistryException;
import dev.berth.registry.RegistryPolling;
import dev.berth.registry.RegistrySettings;
import dev.berth.registry.RegistryUnavailable;
import dev.berth.work.ManagedExecutors;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * Polls registries for apps with {@code track.poll} (and, with {@code berth.poll.safety-net}, every other app
 * slowly). A tick on the replica holding the poll lease hands each due app to its registry's {@link RegistryLane};
 * the poll there ({@link PollApp}) finds the newest accepted tag and its digest, and stores a push event when it
 * differs from the last observation.
 */
@ApplicationScoped
public class Poller {

    private static final Logger LOG = Logger.getLogger(Poller.class);

    private final AppCatalog catalog;
    private final PollConfig config;
    private final PollLease lease;
    private final PollMetrics metrics;
    private final PollApp pollApp;
    private final RegistrySettings settings;
    private final Clock clock;
    private final ManagedExecutors executors;
    private final Map<String, RegistryLane> lanes = new ConcurrentHashMap<>();
    private final Map<String, RegistryPolling> clients = new ConcurrentHashMap<>();
    private final Map<String, Long> nextDue = new ConcurrentHashMap<>();
    private final Map<String, Boolean> inFlight = new ConcurrentHashMap<>();
    private volatile boolean leader;

    public Poller(AppCatalog catalog, PollConfig config, PollLease lease, PollMetrics metrics, PollEvents events,
            RedisDataSource redis, RedisKeys keys, RegistryConfig registryConfig, Clock clock,
            ManagedExecutors executors) {
        this.catalog = catalog;
        this.executors = executors;
        this.config = config;
        this.lease = lease;
        this.metrics = metrics;
        this.settings = RegistrySettings.from(registryConfig);
        this.clock = clock;
        this.pollApp = new PollApp(events, new PollState(redis, keys), metrics, config.pageSize());
    }

    @Scheduled(identity = "registry-poll", every = "${berth.poll.tick:1s}", delayed = "${berth.poll.delay:2s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        if (!config.enabled()) {
            return;
        }
        boolean wanted = catalog.all().stream().anyMatch(app -> interval(app).isPresent());
        if (!wanted) {
            return;
        }
        try {
            leader = lease.hold(config.leaseTtl());
        } catch (RuntimeException e) {
            LOG.warnf("Registry polling paused: the poll lease cannot be read from Redis (%s)", e.getMessage());
            leader = false;
        }
        if (!leader) {
            nextDue.clear();
            return;
        }
        long now = System.nanoTime();
        for (AppDefinition app : catalog.all()) {
            Optional<Duration> interval = interval(app);
            if (interval.isEmpty()) {
                continue;
            }
            String name = app.name().value();
            Long due = nextDue.get(name);
            if (due == null) {
                // the first poll of an app after start (or after taking the lease) falls anywhere in its interval
                nextDue.put(name, now + (long) (ThreadLocalRandom.current().nextDouble() * interval.get().toNanos()));
                continue;
            }
            if (now - due < 0 || inFlight.putIfAbsent(name, Boolean.TRUE) != null) {
                continue;
            }
            nextDue.put(name, now + jittered(interval.get()));
            RegistryLane lane = lane(app.image().registry());
            boolean safetyNet = app.poll().isEmpty();
            if (!lane.submit(() -> run(app, lane, safetyNet))) {
                inFlight.remove(name);
            }
        }
    }

    private void run(AppDefinition app, RegistryLane lane, boolean safetyNet) {
        try {
            if (leader) {
                pollApp.poll(app, client(lane), safetyNet);
            }
        } catch (RegistryUnavailable e) {
            e.retryAfter().ifPresent(wait -> lane.holdUntil(clock.instant().plus(wait)));
            metrics.error(app.name().value(), "unavailable");
            LOG.infof("Poll of %s postponed: %s", app.name(), e.getMessage());
        } catch (RegistryException e) {
            metrics.error(app.name().value(), e.isTransient() ? "transient" : "refused");
            LOG.warnf("Poll of %s failed: %s", app.name(), e.getMessage());
        } catch (RuntimeException e) {
            metrics.error(app.name().value(), "internal");
            LOG.warnf("Poll of %s failed: %s", app.name(), String.valueOf(e.getMessage()));
        } finally {
            inFlight.remove(app.name().value());
        }
    }

    /** The app's poll interval: {@code track.poll}, else the safety net when configured. */
    Optional<Duration> interval(AppDefinition app) {
        return app.poll().or(config::safetyNet);
    }

    private long jittered(Duration interval) {
        double spread = Math.max(0, Math.min(config.jitter(), 0.5));
        double factor = 1 + (ThreadLocalRandom.current().nextDouble() * 2 - 1) * spread;
        return (long) (interval.toNanos() * factor);
    }

    private RegistryLane lane(String registry) {
        return lanes.computeIfAbsent(registry, host -> {
            int perMinute = config.registries().entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(host)).map(e -> e.getValue().requestsPerMinute())
                    .findFirst().orElse(config.requestsPerMinute());
            return new RegistryLane(host, clock, new RequestBudget(perMinute, clock), config.backoff(), metrics,
                    executors);
        });
    }

    private RegistryPolling client(RegistryLane lane) {
        return clients.computeIfAbsent(lane.registry(), host -> new RegistryPolling(settings, clock, lane));
    }

    void onStop(@Observes ShutdownEvent event) {
        lanes.values().forEach(RegistryLane::close);
    }

    /** True when the policy follows one floating tag (a HEAD per poll, no listing). */
    static boolean floating(TrackPolicy policy) {
        return policy instanceof TrackPolicy.FloatingTrack;
    }
}
