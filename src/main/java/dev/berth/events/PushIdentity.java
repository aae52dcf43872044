package dev.berth.events;

import java.util.Optional;

/**
 * What makes two image events the same push, whichever path they came by (a registry webhook, a GitHub package
 * webhook, a poll): the repository, the tag and the digest the tag names. The {@link EventStore} keeps, per repository
 * and tag, the digest of the last stored event and refuses an event that says the same again; an event naming another
 * digest is stored (a tag moved back to an earlier digest is a new push), and an event without a digest (Docker
 * Hub, Quay) is never refused by it.
 *
 * @param key    the Redis key holding the last stored digest of the repository's tag
 * @param digest the digest this event says the tag names
 */
public record PushIdentity(String key, String digest) {

    /** The identity of an image event that names a digest; empty for anything else. */
    public static Optional<PushIdentity> of(Event event, RedisKeys keys) {
        if (event.kind() != EventKind.IMAGE_PUSH || event.tag() == null || event.digest() == null) {
            return Optional.empty();
        }
        return Optional.of(new PushIdentity(keys.lastPushed(event.image().repository(), event.tag().value()),
                event.digest().value()));
    }
}
