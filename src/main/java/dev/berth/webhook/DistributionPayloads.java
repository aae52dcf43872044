package dev.berth.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.domain.DeliveryId;
import dev.berth.domain.Digest;
import dev.berth.domain.ImageRef;
import dev.berth.domain.Printable;
import dev.berth.domain.Tag;
import dev.berth.events.Event;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns a CNCF Distribution notification envelope ({@code {"events":[...]}}) into normalized events. Pure: no I/O,
 * tested with envelopes recorded from a real registry.
 *
 * <p>Only the push of a tagged manifest (image, index or list) is an event. Blob pushes, pulls (berth's own digest
 * look-ups come back as pulls), mounts, deletes and untagged pushes are ignored. The registry retries a refused
 * envelope forever, so one malformed event is skipped and reported, never allowed to refuse the others.
 */
public final class DistributionPayloads {

    static final String SOURCE = "distribution";

    /** Manifest media types whose tagged push berth acts on. */
    static final Set<String> MANIFEST_TYPES = Set.of(
            "application/vnd.oci.image.index.v1+json",
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/vnd.docker.distribution.manifest.v2+json");

    private static final Set<String> ACTIONS = Set.of("push", "pull", "mount", "delete");

    /**
     * What one envelope held.
     *
     * @param events  the tagged manifest pushes, in envelope order
     * @param ignored why each well-formed event berth does not act on was ignored
     * @param skipped why each malformed event was skipped
     */
    public record Batch(List<Event> events, List<String> ignored, List<String> skipped) {
    }

    /** Normalizes an envelope; throws {@link MalformedPayload} only when it is not an envelope at all. */
    public Batch normalize(JsonNode envelope, Instant at) {
        JsonNode entries = envelope.path("events");
        if (!envelope.isObject() || !entries.isArray()) {
            throw new MalformedPayload("payload is not a notification envelope: no events array");
        }
        List<Event> events = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            try {
                Normalized one = event(entries.get(i), at);
                events.addAll(one.events());
                if (one.isIgnored()) {
                    ignored.add(one.ignoredReason());
                }
            } catch (MalformedPayload e) {
                skipped.add("event " + i + ": " + e.getMessage());
            }
        }
        return new Batch(events, ignored, skipped);
    }

    /** The metrics label of an envelope: the action its events share, {@code mixed}, or {@code other}. */
    public static String label(JsonNode envelope) {
        String label = null;
        for (JsonNode e : envelope.path("events")) {
            String action = e.path("action").asText("");
            String one = ACTIONS.contains(action) ? action : "other";
            if (label != null && !label.equals(one)) {
                return "mixed";
            }
            label = one;
        }
        return label == null ? "other" : label;
    }

    /** The event, or the reason it is ignored; throws {@link MalformedPayload} when it is broken. */
    private static Normalized event(JsonNode e, Instant at) {
        if (!e.isObject()) {
            throw new MalformedPayload("not a JSON object");
        }
        String action = e.path("action").asText("");
        JsonNode target = e.path("target");
        String method = e.path("request").path("method").asText("").toUpperCase(Locale.ROOT);
        if (!"push".equals(action) || method.equals("GET") || method.equals("HEAD")) {
            return Normalized.ignored("action '" + Printable.clip(action) + "' is not a push");
        }
        if (!target.isObject()) {
            throw new MalformedPayload("push has no target object");
        }
        String mediaType = target.path("mediaType").asText("");
        if (!MANIFEST_TYPES.contains(mediaType)) {
            return Normalized.ignored("push of '" + Printable.clip(mediaType) + "' is not a manifest");
        }
        String tagName = target.path("tag").asText("");
        if (tagName.isEmpty()) {
            return Normalized.ignored("manifest push has no tag");
        }
        Tag tag = Tag.parse(tagName)
                .orElseThrow(() -> new MalformedPayload("invalid tag '" + Printable.clip(tagName) + "'"));
        Digest digest = Digest.parse(target.path("digest").asText(null)).orElseThrow(() -> new MalformedPayload(
                "invalid digest '" + Printable.clip(target.path("digest").asText(null)) + "'"));
        return Normalized.of(Event.imagePush(SOURCE, deliveryId(e), image(e, target), tag, digest, mediaType, false,
                at));
    }

    private static DeliveryId deliveryId(JsonNode e) {
        String id = e.path("id").asText("");
        try {
            return new DeliveryId(id);
        } catch (IllegalArgumentException x) {
            throw new MalformedPayload(id.isEmpty() ? "event has no id" : x.getMessage());
        }
    }

    /** {@code request.host} (the registry as the client addressed it), else the host of {@code target.url}. */
    private static ImageRef image(JsonNode e, JsonNode target) {
        String host = e.path("request").path("host").asText("");
        if (host.isEmpty()) {
            host = hostOf(target.path("url").asText(""));
        }
        if (host.isEmpty()) {
            throw new MalformedPayload("event names no registry host (request.host or target.url)");
        }
        String repository = target.path("repository").asText("");
        if (repository.isEmpty()) {
            throw new MalformedPayload("push has no target.repository");
        }
        try {
            return ImageRef.of(host, repository);
        } catch (IllegalArgumentException x) {
            throw new MalformedPayload(x.getMessage());
        }
    }

    private static String hostOf(String url) {
        try {
            String authority = URI.create(url).getRawAuthority();
            return authority == null ? "" : authority;
        } catch (IllegalArgumentException x) {
            return "";
        }
    }
}
