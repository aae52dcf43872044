package dev.berth.events;

import dev.berth.domain.DeliveryId;
import dev.berth.domain.Digest;
import dev.berth.domain.ImageRef;
import dev.berth.domain.Tag;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The normalized, versioned record every webhook source is turned into, stored as the fields of one entry of the
 * events stream. Absent values are absent fields.
 *
 * @param source        which webhook endpoint received it (github, distribution, dockerhub, harbor, quay)
 * @param deliveryId    the sender's id for this event, the de-duplication key
 * @param kind          what happened
 * @param image         the image repository, normalized to registry host + path (image events)
 * @param tag           the pushed tag (image events)
 * @param digest        the manifest digest when the sender told it and it is valid
 * @param mediaType     the manifest media type when the sender told it
 * @param resolve       true when the sender cannot be trusted on the digest: resolve the tag at the registry
 * @param gitRepository {@code owner/name} of the GitHub repository
 * @param gitRef        the ref ({@code refs/heads/main}) or the workflow's head branch
 * @param gitSha        the commit
 * @param conclusion    a workflow run's conclusion (success, failure, ...)
 * @param workflow      a workflow run's workflow name ({@code build}), as shown in GitHub Actions
 * @param receivedAt    when berth received it
 */
public record Event(String source, DeliveryId deliveryId, EventKind kind, ImageRef image, Tag tag, Digest digest,
        String mediaType, boolean resolve, String gitRepository, String gitRef, String gitSha, String conclusion,
        String workflow, Instant receivedAt) {

    /** Version of the stream record layout; bump it when a field changes meaning. */
    public static final String VERSION = "1";

    public Event {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(deliveryId, "deliveryId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(receivedAt, "receivedAt");
        if (kind == EventKind.IMAGE_PUSH && image == null) {
            throw new IllegalArgumentException("an image event needs an image repository");
        }
        if (image != null && (image.tag() != null || image.digest() != null)) {
            image = ImageRef.of(image.registry(), image.path());
        }
    }

    /** An event that names no workflow (everything but a workflow run). */
    public Event(String source, DeliveryId deliveryId, EventKind kind, ImageRef image, Tag tag, Digest digest,
            String mediaType, boolean resolve, String gitRepository, String gitRef, String gitSha, String conclusion,
            Instant receivedAt) {
        this(source, deliveryId, kind, image, tag, digest, mediaType, resolve, gitRepository, gitRef, gitSha,
                conclusion, null, receivedAt);
    }

    /** An image push; {@code digest} may be null when the sender does not know it. */
    public static Event imagePush(String source, DeliveryId id, ImageRef image, Tag tag, Digest digest,
            String mediaType, boolean resolve, Instant at) {
        return new Event(source, id, EventKind.IMAGE_PUSH, image, tag, digest, mediaType, resolve || digest == null,
                null, null, null, null, at);
    }

    /** The stream entry's fields, in a stable order. */
    public Map<String, String> toFields() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("v", VERSION);
        f.put("source", source);
        f.put("delivery", deliveryId.value());
        f.put("kind", kind.wire());
        put(f, "image", image == null ? null : image.repository());
        put(f, "tag", tag == null ? null : tag.value());
        put(f, "digest", digest == null ? null : digest.value());
        put(f, "mediaType", mediaType);
        if (resolve) {
            f.put("resolve", "true");
        }
        put(f, "gitRepository", gitRepository);
        put(f, "gitRef", gitRef);
        put(f, "gitSha", gitSha);
        put(f, "conclusion", conclusion);
        put(f, "workflow", workflow);
        f.put("receivedAt", receivedAt.toString());
        return f;
    }

    /** Reads a stream entry written by {@link #toFields()}. */
    public static Event fromFields(Map<String, String> f) {
        if (!VERSION.equals(f.get("v"))) {
            throw new IllegalArgumentException("unsupported event record version '" + f.get("v") + "'");
        }
        String image = f.get("image");
        String tag = f.get("tag");
        String digest = f.get("digest");
        return new Event(f.get("source"), new DeliveryId(f.get("delivery")), EventKind.fromWire(f.get("kind")),
                image == null ? null : ImageRef.parse(image), tag == null ? null : new Tag(tag),
                digest == null ? null : new Digest(digest), f.get("mediaType"), "true".equals(f.get("resolve")),
                f.get("gitRepository"), f.get("gitRef"), f.get("gitSha"), f.get("conclusion"),
                f.get("workflow"), Instant.parse(f.get("receivedAt")));
    }

    private static void put(Map<String, String> f, String key, String value) {
        if (value != null) {
            f.put(key, value);
        }
    }
}
