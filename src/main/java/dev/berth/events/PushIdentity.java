package dev.berth.events;

import java.util.Optional;

/**
 * What makes a webhook and a poll the same push: the repository, the tag and the digest the tag names. The
 * {@link EventStore} keeps, per repository and tag, the digest of the last stored image event and the path it came by,
 * and refuses an event that names the same digest when either of the two came by polling. An event naming another
 * digest is stored (a tag moved back to an earlier digest is a new push); an event without a digest (Docker Hub,
 * Quay) is never refused by it; and webhooks among themselves keep their own de-duplication by delivery id, unchanged.
 *
 * @param key    the Redis key holding the last stored digest of the repository's tag
 * @param digest the digest this event says the tag names
 * @param polled true for an event of the poller (source {@code poll})
 */
public record PushIdentity(String key, String digest, boolean polled) {

    /** The source of events the registry poller stores. */
    public static final String POLL_SOURCE = "poll";

    /** The identity of an image event that names a digest; empty for anything else. */
    public static Optional<PushIdentity> of(Event event, RedisKeys keys) {
        if (event.kind() != EventKind.IMAGE_PUSH || event.tag() == null || event.digest() == null) {
            return Optional.empty();
        }
        return Optional.of(new PushIdentity(keys.lastPushed(event.image().repository(), event.tag().value()),
                event.digest().value(), POLL_SOURCE.equals(event.source())));
    }
}
