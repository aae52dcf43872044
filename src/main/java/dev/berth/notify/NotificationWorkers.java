package dev.berth.notify;

import dev.berth.events.RedisKeys;
import dev.berth.work.ManagedExecutors;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Starts one delivery thread per configured sink with the application and stops them with it. With no sink
 * configured nothing consumes the outbox: entries stay in the stream (trimmed at {@code max-length}), and a sink
 * added later starts with what is published after it (its group is created at the end of the stream).
 */
@ApplicationScoped
public class NotificationWorkers {

    private static final Logger LOG = Logger.getLogger(NotificationWorkers.class);
    /** How long one read waits for new entries; below quarkus.redis.timeout. */
    static final Duration BLOCK = Duration.ofSeconds(1);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

    private final RedisDataSource redis;
    private final RedisKeys keys;
    private final NotifyConfig config;
    private final NotifyMetrics metrics;
    private final Clock clock;
    private final ManagedExecutors executors;
    private final List<SinkWorker> workers = new ArrayList<>();

    public NotificationWorkers(RedisDataSource redis, RedisKeys keys, NotifyConfig config, NotifyMetrics metrics,
            Clock clock, ManagedExecutors executors) {
        this.executors = executors;
        this.redis = redis;
        this.keys = keys;
        this.config = config;
        this.metrics = metrics;
        this.clock = clock;
    }

    synchronized void onStart(@Observes StartupEvent event) {
        if (config.sinks().isEmpty()) {
            LOG.info("No notification sink is configured (berth.notify.sinks.*): notifications are kept in the "
                    + "outbox stream and not sent anywhere");
            return;
        }
        Links links = Links.of(config.publicUrl());
        if (config.publicUrl().isEmpty()) {
            LOG.info("berth.notify.public-url is not set: messages carry no links to deployments");
        }
        SinkHttp http = new SinkHttp(config.connectTimeout(), config.requestTimeout(), clock);
        String consumer = config.consumer().orElseGet(NotificationWorkers::defaultConsumer);
        Backoff backoff = new Backoff(config.retry().initialBackoff(), config.retry().maxBackoff(),
                config.retry().maxRetryAfter());
        List<SinkWorker> built = new ArrayList<>();
        for (Map.Entry<String, NotifyConfig.Sink> e : config.sinks().entrySet()) {
            NotifyConfig.Sink sink = e.getValue();
            Notifier notifier = Notifiers.create(e.getKey(), sink, links, http);
            DeliverySettings settings = new DeliverySettings(consumer,
                    sink.minInterval().orElse(sink.type().defaultMinInterval()), config.retry().maxAttempts(),
                    backoff, config.dedupeWindow(), config.claimIdle(), BLOCK);
            built.add(new SinkWorker(redis, keys, notifier, Notifiers.filter(e.getKey(), sink), settings, metrics)
                    .heartbeat(executors.register("notify-" + e.getKey(), null)));
        }
        warnIfClaimIdleIsShort();
        for (SinkWorker w : built) {
            workers.add(w.start());
        }
        LOG.infof("Notification sinks started: %s (consumer %s)", config.sinks().keySet(), consumer);
    }

    /** Another replica would take over a notification still being retried, and it could be sent twice. */
    private void warnIfClaimIdleIsShort() {
        Duration longestWait = config.retry().maxBackoff().compareTo(config.retry().maxRetryAfter()) > 0
                ? config.retry().maxBackoff() : config.retry().maxRetryAfter();
        if (config.claimIdle().compareTo(longestWait.plus(config.requestTimeout())) <= 0) {
            LOG.warnf("berth.notify.claim-idle (%s) is not longer than the longest wait between attempts plus the "
                    + "request timeout (%s): another replica may take over a notification being retried",
                    config.claimIdle(), longestWait.plus(config.requestTimeout()));
        }
    }

    synchronized void onStop(@Observes ShutdownEvent event) {
        workers.forEach(w -> w.stop(STOP_TIMEOUT));
        workers.clear();
    }

    private static String defaultConsumer() {
        String host = System.getenv("HOSTNAME");
        return host != null && !host.isBlank() ? host : "berth-" + ProcessHandle.current().pid();
    }
}
