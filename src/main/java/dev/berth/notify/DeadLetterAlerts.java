package dev.berth.notify;

import dev.berth.domain.AppName;
import dev.berth.domain.EnvName;
import dev.berth.events.StreamWorker;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Sends an {@code event.dead-lettered} notification for every stream entry a worker gave up (delivered too often, or
 * a handler error that retrying cannot fix), so an operator learns of work berth will not do on its own. Only the
 * entry's identifying fields go out (kind, app, environment, delivery, deployment), never the whole entry.
 */
@ApplicationScoped
public class DeadLetterAlerts implements StreamWorker.DeadLetterListener {

    private static final Logger LOG = Logger.getLogger(DeadLetterAlerts.class);
    /** Entry fields that identify the work, shown as facts when present. */
    private static final Map<String, String> FACTS = Map.of("kind", "Event", "deliveryId", "Delivery",
            "deployment", "Deployment", "repository", "Repository", "tag", "Tag");

    private final NotificationOutbox outbox;
    private final Clock clock;

    public DeadLetterAlerts(NotificationOutbox outbox, Clock clock) {
        this.outbox = outbox;
        this.clock = clock;
    }

    @Override
    public void deadLettered(String stream, String group, String id, Map<String, String> fields, String reason) {
        String app = valid(fields.get("app"), v -> new AppName(v).value());
        String env = app == null ? null : valid(fields.get("env"), v -> new EnvName(v).value());
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("Stream", stream);
        facts.put("Consumer group", group);
        facts.put("Entry", id);
        FACTS.forEach((field, label) -> Optional.ofNullable(fields.get(field)).ifPresent(v -> facts.put(label, v)));
        facts.put("Dead letters", "XRANGE of the dead-letter stream (docs/runbooks.md)");
        try {
            outbox.publish(Notification.of(NotificationKind.EVENT_DEAD_LETTERED, app, env,
                    "An entry of " + stream + " was given up by " + group, clock.instant())
                    .withText(reason).withFacts(facts));
        } catch (RuntimeException e) {
            LOG.errorf("Dead-letter alert for %s entry %s not queued: %s", stream, id, e.getMessage());
        }
    }

    private static String valid(String value, Function<String, String> parse) {
        if (value == null) {
            return null;
        }
        try {
            return parse.apply(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
