package dev.berth.webhook;

import dev.berth.domain.DeliveryId;
import dev.berth.events.Event;
import dev.berth.events.EventKind;
import java.util.List;

/**
 * The de-duplication ids of GitHub deliveries. {@code X-GitHub-Delivery} and {@code X-GitHub-Hook-ID} are not signed:
 * whoever captured a delivery can replay its signed body under new ids. So:
 * <ul>
 * <li>an image push is keyed by its signed content only: the event name, image, tag and digest (or, without a
 * digest, the hash of the body). A replay under any delivery or hook id is a duplicate; a second push of the same tag
 * with another digest is not;</li>
 * <li>every other event by {@code <hook id>:<delivery id>:<first 16 hex of the body's SHA-256>}: a redelivery (same
 * ids, same body) is a duplicate, and a captured id cannot stand for another body.</li>
 * </ul>
 */
final class GitHubDedupe {

    private GitHubDedupe() {
    }

    /** The delivery id of a non-image event: hook, delivery and a prefix of the body hash. */
    static DeliveryId delivery(String hookId, String delivery, byte[] body) {
        String hook = hookId == null || hookId.isBlank() ? "-" : hookId.strip();
        return new DeliveryId(hook + ":" + delivery.strip() + ":" + bodyHash(body).substring(0, 16));
    }

    /** The events with image pushes keyed by their signed content. */
    static List<Event> keyed(String event, List<Event> events, byte[] body) {
        return events.stream().map(e -> e.kind() == EventKind.IMAGE_PUSH ? contentKeyed(event, e, body) : e).toList();
    }

    private static Event contentKeyed(String event, Event e, byte[] body) {
        String content = e.digest() != null ? e.digest().value() : "body:" + bodyHash(body);
        DeliveryId id = new DeliveryId("image:" + RegistryWebhooks.derivedId(event, e.image().repository(),
                e.tag() == null ? "" : e.tag().value(), content));
        return new Event(e.source(), id, e.kind(), e.image(), e.tag(), e.digest(), e.mediaType(), e.resolve(),
                e.gitRepository(), e.gitRef(), e.gitSha(), e.conclusion(), e.workflow(), e.receivedAt());
    }

    private static String bodyHash(byte[] body) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(body));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
