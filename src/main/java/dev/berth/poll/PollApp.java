package dev.berth.poll;

import dev.berth.config.AppDefinition;
import dev.berth.config.TrackPolicy;
import dev.berth.domain.Digest;
import dev.berth.domain.Tag;
import dev.berth.registry.DigestNotFound;
import dev.berth.registry.RegistryPolling;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * One poll of one app: a floating tag is asked for its digest (HEAD); any other policy lists the repository's tags
 * and resolves the newest accepted one. When the observation differs from the last, the push is stored as an event;
 * the safety net counts a stored push found after a baseline as missed by webhooks.
 */
final class PollApp {

    private static final Logger LOG = Logger.getLogger(PollApp.class);

    private final PollEvents events;
    private final PollState state;
    private final PollMetrics metrics;
    private final int pageSize;
    /** The previous listing per app (regex and newest policies only), in memory: the first after start is a baseline. */
    private final Map<String, Set<Tag>> listings = new ConcurrentHashMap<>();

    PollApp(PollEvents events, PollState state, PollMetrics metrics, int pageSize) {
        this.events = events;
        this.state = state;
        this.metrics = metrics;
        this.pageSize = pageSize;
    }

    void poll(AppDefinition app, RegistryPolling registry, boolean safetyNet) {
        String name = app.name().value();
        Optional<Observation> seen = observe(app, registry);
        if (seen.isEmpty()) {
            return;
        }
        Observation now = seen.get();
        Optional<Observation> last = state.last(name);
        if (last.isPresent() && last.get().equals(now)) {
            return;
        }
        if (!now.isNothing()) {
            boolean stored = events.found(app.image(), now.tag().orElseThrow(), now.digest().orElseThrow());
            if (stored) {
                metrics.found(name);
                if (safetyNet && last.isPresent()) {
                    metrics.foundMissed(name);
                    LOG.warnf("Safety-net poll of %s found %s:%s (%s), which no webhook delivered", name,
                            app.image().repository(), now.tag().orElseThrow(), now.digest().orElseThrow());
                } else {
                    LOG.infof("Poll of %s found %s:%s (%s)", name, app.image().repository(), now.tag().orElseThrow(),
                            now.digest().orElseThrow());
                }
            }
        }
        state.save(name, now);
    }

    /** What the registry shows for the app now; empty when nothing can be said yet (a regex baseline). */
    private Optional<Observation> observe(AppDefinition app, RegistryPolling registry) {
        TrackPolicy policy = app.track();
        try {
            if (policy instanceof TrackPolicy.FloatingTrack floating) {
                Digest digest = registry.digest(app.image(), floating.tag());
                return Optional.of(Observation.of(floating.tag(), digest));
            }
            List<Tag> listed = registry.tags(app.image(), pageSize);
            Optional<Tag> newest;
            if (policy instanceof TrackPolicy.SemverTrack) {
                newest = NewestTag.pick(policy, listed, Optional.empty());
                if (newest.isEmpty()) {
                    return Optional.of(Observation.NOTHING);
                }
            } else {
                Set<Tag> previous = listings.put(app.name().value(), new HashSet<>(listed));
                newest = NewestTag.pick(policy, listed, Optional.ofNullable(previous));
                if (newest.isEmpty()) {
                    return previous == null && state.last(app.name().value()).isEmpty()
                            ? Optional.of(Observation.NOTHING) : Optional.empty();
                }
            }
            return Optional.of(Observation.of(newest.get(), registry.digest(app.image(), newest.get())));
        } catch (DigestNotFound e) {
            // no such repository or tag yet: nothing to deploy, and the baseline for the safety net
            return Optional.of(Observation.NOTHING);
        }
    }
}
