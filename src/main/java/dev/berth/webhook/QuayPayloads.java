package dev.berth.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.domain.DeliveryId;
import dev.berth.domain.ImageRef;
import dev.berth.domain.Printable;
import dev.berth.domain.Tag;
import dev.berth.events.Event;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Turns a Quay "repository push" notification into one normalized event per updated tag. Pure: no I/O, tested with
 * the payload Quay's documentation shows.
 *
 * <p>Quay sends no digest, no push time and no delivery id. Each event is a hint marked {@code resolve}. Its delivery
 * id is derived from docker_url, the tag, the image id the legacy format gives per tag, and the minute berth received
 * it: a repeat within that minute is a duplicate, while a push of the same tag a minute later is a new event (with no
 * push time, a purely payload-derived id would swallow every later push of {@code latest} for the whole
 * de-duplication window). A repeat that arrives in a later minute is queued again; it resolves to the same digest, so
 * the pipeline has nothing new to do.
 */
public final class QuayPayloads {

    static final String SOURCE = "quay";

    /** Normalizes one delivery; throws {@link MalformedPayload} for a broken payload. */
    public Normalized normalize(JsonNode p, Instant at) {
        if (!p.isObject()) {
            throw new MalformedPayload("payload is not a JSON object");
        }
        String dockerUrl = p.path("docker_url").asText("");
        if (dockerUrl.isEmpty()) {
            throw new MalformedPayload("payload has no docker_url");
        }
        ImageRef image = ImageRef.tryParse(dockerUrl).filter(i -> i.tag() == null && i.digest() == null)
                .orElseThrow(() -> new MalformedPayload("invalid docker_url '" + Printable.clip(dockerUrl) + "'"));
        JsonNode updated = p.path("updated_tags");
        if (!updated.isArray() && !updated.isObject()) {
            throw new MalformedPayload("payload has no updated_tags list");
        }
        String minute = at.truncatedTo(ChronoUnit.MINUTES).toString();
        List<Event> events = new ArrayList<>();
        for (Map.Entry<String, String> entry : tags(updated)) {
            Tag tag = Tag.parse(entry.getKey()).orElseThrow(() -> new MalformedPayload(
                    "invalid tag '" + Printable.clip(entry.getKey()) + "' in updated_tags"));
            DeliveryId id = new DeliveryId(RegistryWebhooks.derivedId(image.repository(), tag.value(),
                    entry.getValue(), minute));
            events.add(Event.imagePush(SOURCE, id, image, tag, null, null, true, at));
        }
        return Normalized.of(events, "push updated no tags");
    }

    /**
     * (tag, image id) pairs: today's format is a list of tag names; the legacy format maps each tag to an image id.
     */
    private static List<Map.Entry<String, String>> tags(JsonNode updated) {
        List<Map.Entry<String, String>> tags = new ArrayList<>();
        if (updated.isArray()) {
            for (JsonNode tag : updated) {
                if (!tag.isTextual()) {
                    throw new MalformedPayload("updated_tags holds a value that is not a tag name");
                }
                tags.add(Map.entry(tag.asText(), ""));
            }
        } else {
            for (Iterator<Map.Entry<String, JsonNode>> it = updated.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                tags.add(Map.entry(e.getKey(), e.getValue().asText("")));
            }
        }
        return tags;
    }
}
