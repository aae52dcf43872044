package dev.berth.deploy;

import dev.berth.config.AppCatalog;
import dev.berth.config.AppDefinition;
import dev.berth.config.EnvironmentSpec;
import dev.berth.config.HostSpec;
import dev.berth.domain.Digest;
import dev.berth.events.Event;
import dev.berth.events.EventKind;
import dev.berth.events.RedisKeys;
import dev.berth.events.StreamWorker;
import dev.berth.events.StreamWorkers;
import dev.berth.registry.DigestNotFound;
import dev.berth.registry.RegistryClient;
import dev.berth.registry.RegistryException;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import org.jboss.logging.Logger;

/**
 * Reads the events stream and turns image pushes into deploy tasks: which apps track the pushed repository and tag,
 * the digest the tag points to at the registry (the registry is the truth, whatever the event claimed), and a
 * deploy of that pin to each app's first environment.
 */
@ApplicationScoped
public class EventRouter implements StreamWorker.Handler {

    private static final Logger LOG = Logger.getLogger(EventRouter.class);
    /** How long the marker that an event was routed to an app is kept. */
    private static final Duration ROUTED_TTL = Duration.ofDays(7);
    /** Lookups of a pushed tag that the registry does not know (yet) before the push is given up. */
    static final int TAG_LINK_ATTEMPTS = 6;
    /** Wait between two such lookups. */
    static final Duration TAG_LINK_WAIT = Duration.ofMillis(500);

    private final RedisDataSource redis;
    private final RedisKeys keys;
    private final AppCatalog catalog;
    private final RegistryClient registry;
    private final DeployQueue queue;
    private final DeploymentStore store;
    private final DeployConfig config;
    private final dev.berth.promote.EnvironmentRecords records;
    private final StreamWorkers workers;
    private final dev.berth.reconcile.EnvStatusStore statuses;
    private final OlderTags olderTags;

    public EventRouter(RedisDataSource redis, RedisKeys keys, AppCatalog catalog, RegistryClient registry,
            DeployQueue queue, DeploymentStore store, DeployConfig config,
            dev.berth.promote.EnvironmentRecords records, StreamWorkers workers,
            dev.berth.reconcile.EnvStatusStore statuses, OlderTags olderTags) {
        this.statuses = statuses;
        this.olderTags = olderTags;
        this.records = records;
        this.workers = workers;
        this.redis = redis;
        this.keys = keys;
        this.catalog = catalog;
        this.registry = registry;
        this.queue = queue;
        this.store = store;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.enabled()) {
            return;
        }
        workers.start(keys.events(), RedisKeys.ROUTER_GROUP, "router", this, config.claimIdle(),
                config.maxDeliveries());
    }

    @Override
    public void handle(String id, Map<String, String> fields) {
        Event event = Event.fromFields(fields);
        if (event.kind() != EventKind.IMAGE_PUSH || event.tag() == null) {
            return;
        }
        for (AppDefinition app : catalog.tracking(event.image(), event.tag())) {
            route(id, event, app);
        }
    }

    /**
     * The tag's digest at the registry. A Distribution registry sends "manifest pushed" before it links the tag, so
     * a fresh push may not be found by its tag for a moment: "not found" is asked again a few times, briefly.
     */
    private Digest resolve(Event event) {
        for (int attempt = 1; ; attempt++) {
            try {
                return registry.resolve(event.image(), event.tag()).digest();
            } catch (DigestNotFound e) {
                if (attempt >= TAG_LINK_ATTEMPTS) {
                    throw e;
                }
                LOG.debugf("%s:%s not found yet (attempt %d); asking again", event.image().repository(), event.tag(),
                        attempt);
                LockSupport.parkNanos(TAG_LINK_WAIT.toNanos());
            }
        }
    }

    private void route(String id, Event event, AppDefinition app) {
        String marker = keys.routed(id, app.name().value());
        if (redis.key().exists(marker)) {
            return;
        }
        Optional<String> older = olderTags.older(app, app.first().name(), event.tag(), event.receivedAt());
        if (older.isPresent()) {
            LOG.warnf("Push of %s:%s ignored for %s (event %s, %s %s): older tag, %s", event.image().repository(),
                    event.tag(), app.name(), id, event.source(), event.deliveryId(), older.get());
            redis.value(String.class).setex(marker, ROUTED_TTL.toSeconds(), "1");
            return;
        }
        Digest digest;
        try {
            digest = resolve(event);
        } catch (RegistryException e) {
            if (e.isTransient()) {
                throw new StreamWorker.Transient("registry: " + e.getMessage(), e);
            }
            LOG.warnf("Push of %s:%s not deployed to %s: %s", event.image().repository(), event.tag(), app.name(),
                    e.getMessage());
            return;
        }
        if (event.digest() != null && !event.digest().equals(digest)) {
            LOG.infof("Event %s claimed %s for %s:%s; the registry says %s, which is deployed", id, event.digest(),
                    event.image().repository(), event.tag(), digest);
        }
        Optional<String> quarantined = records.quarantined(app.name(), digest);
        if (quarantined.isPresent()) {
            LOG.warnf("Push of %s:%s not deployed to %s: digest %s is quarantined (%s)", event.image().repository(),
                    event.tag(), app.name(), digest, quarantined.get());
            redis.value(String.class).setex(marker, ROUTED_TTL.toSeconds(), "1");
            return;
        }
        EnvironmentSpec first = app.first();
        Optional<Deployment> latest = Optional.ofNullable(statuses.read(app.name(), first.name()).desired())
                .flatMap(d -> store.find(new dev.berth.domain.DeploymentId(d.deployment())));
        if (latest.isPresent() && latest.get().digest().equals(digest)
                && latest.get().status() != DeploymentStatus.FAILED) {
            LOG.debugf("%s is already %s on %s/%s", digest, latest.get().status().wire(), app.name(), first.name());
        } else {
            queue.enqueue(new DeployQueue.Request(app.name(), first.name(), event.image(), event.tag().value(), digest,
                    first.hosts().stream().map(HostSpec::ssh).toList(),
                    "event:" + id + " (" + event.source() + " " + event.deliveryId() + ")",
                    "push of " + event.image().repository() + ":" + event.tag()));
        }
        redis.value(String.class).setex(marker, ROUTED_TTL.toSeconds(), "1");
    }
}
