package dev.berth.poll;

import dev.berth.domain.DeliveryId;
import dev.berth.domain.Digest;
import dev.berth.domain.ImageRef;
import dev.berth.domain.Tag;
import dev.berth.events.Event;
import dev.berth.events.EventStore;
import dev.berth.events.IngestResult;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

/**
 * Turns what a poll found into the event a webhook would have stored: an {@code image.push} of the repository, tag
 * and digest, source {@code poll}, appended through the {@link EventStore} like every webhook event. The store's push
 * identity (repository, tag, digest) makes a webhook and a poll of one push a single event, so the router sees each
 * push once and handles it unchanged.
 */
@ApplicationScoped
public class PollEvents {

    public static final String SOURCE = dev.berth.events.PushIdentity.POLL_SOURCE;
    private static final Duration STORE_TIMEOUT = Duration.ofSeconds(10);

    private final EventStore store;
    private final Clock clock;

    public PollEvents(EventStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Stores the push unless an event of the same push is already stored; true when stored now. */
    boolean found(ImageRef repository, Tag tag, Digest digest) {
        Event event = Event.imagePush(SOURCE, new DeliveryId("poll:" + UUID.randomUUID()), repository, tag, digest,
                null, false, clock.instant());
        IngestResult result = store.append(event).await().atMost(STORE_TIMEOUT);
        return !result.duplicate();
    }
}
