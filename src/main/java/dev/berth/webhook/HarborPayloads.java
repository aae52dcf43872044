package dev.berth.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.domain.DeliveryId;
import dev.berth.domain.Digest;
import dev.berth.domain.ImageRef;
import dev.berth.domain.Printable;
import dev.berth.domain.Tag;
import dev.berth.events.Event;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns a Harbor webhook into normalized events, in either payload format a Harbor policy can send: the default one
 * ({@code type: PUSH_ARTIFACT}, {@code event_data}) and CloudEvents ({@code specversion}, {@code type:
 * harbor.artifact.pushed}, {@code data}). Pure: no I/O, tested with Harbor's documented payloads.
 *
 * <p>Each pushed resource with a tag is one event; {@code resource_url} gives the registry host and path as Harbor
 * serves them. A resource pushed by digest only (Harbor then repeats the digest as its "tag") is ignored. The delivery
 * id is the CloudEvents {@code id}; the default format has none, so it is derived from (occur_at, repo_full_name,
 * digest, tag), which a retry repeats.
 */
public final class HarborPayloads {

    static final String SOURCE = "harbor";
    static final String PUSH = "PUSH_ARTIFACT";
    static final String CLOUD_PUSH = "harbor.artifact.pushed";

    /** Normalizes one delivery; throws {@link MalformedPayload} for a broken payload. */
    public Normalized normalize(JsonNode p, Instant at) {
        if (!p.isObject()) {
            throw new MalformedPayload("payload is not a JSON object");
        }
        boolean cloud = p.has("specversion");
        String type = p.path("type").asText("");
        if (!type.equals(cloud ? CLOUD_PUSH : PUSH)) {
            return Normalized.ignored("Harbor event '" + Printable.clip(type) + "' is not an artifact push");
        }
        JsonNode data = p.path(cloud ? "data" : "event_data");
        if (!data.isObject()) {
            throw new MalformedPayload("payload has no " + (cloud ? "data" : "event_data") + " object");
        }
        JsonNode resources = data.path("resources");
        if (!resources.isArray()) {
            throw new MalformedPayload("payload has no resources list");
        }
        String cloudId = cloud ? required(p, "id") : null;
        String occurAt = cloud ? null : p.path("occur_at").asText("");
        String repo = data.path("repository").path("repo_full_name").asText("");
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < resources.size(); i++) {
            JsonNode resource = resources.get(i);
            Optional<Tag> tag = Tag.parse(resource.path("tag").asText(""));
            if (tag.isEmpty()) {
                continue; // pushed by digest: Harbor repeats the digest, or sends nothing, as the tag
            }
            String digestText = resource.path("digest").asText("");
            Optional<Digest> digest = Digest.parse(digestText);
            String id = cloud ? (resources.size() == 1 ? cloudId : cloudId + "/" + i)
                    : RegistryWebhooks.derivedId(occurAt, repo, digestText, tag.get().value());
            events.add(Event.imagePush(SOURCE, deliveryId(id), image(resource), tag.get(), digest.orElse(null),
                    null, digest.isEmpty(), at));
        }
        return Normalized.of(events, "push holds no tagged artifact");
    }

    /** The metrics label: push, pull, delete, or other (bounded, whatever the payload says). */
    public static String label(JsonNode p) {
        return switch (p.path("type").asText("")) {
            case PUSH, CLOUD_PUSH -> "push";
            case "PULL_ARTIFACT", "harbor.artifact.pulled" -> "pull";
            case "DELETE_ARTIFACT", "harbor.artifact.deleted" -> "delete";
            default -> "other";
        };
    }

    /** Registry host and path from {@code resource_url} ({@code host/project/name:tag} or {@code ...@sha256:...}). */
    private static ImageRef image(JsonNode resource) {
        String url = resource.path("resource_url").asText("");
        if (url.isEmpty()) {
            throw new MalformedPayload("resource has no resource_url");
        }
        ImageRef image = ImageRef.tryParse(url)
                .orElseThrow(() -> new MalformedPayload("invalid resource_url '" + Printable.clip(url) + "'"));
        if (image.registry().equals(ImageRef.DOCKER_HUB)) {
            // No host part: a Harbor never serves docker.io, so the URL lacks the registry berth must resolve at.
            throw new MalformedPayload("resource_url '" + Printable.clip(url) + "' names no registry host");
        }
        return image;
    }

    private static DeliveryId deliveryId(String id) {
        try {
            return new DeliveryId(id);
        } catch (IllegalArgumentException e) {
            throw new MalformedPayload("CloudEvents id: " + e.getMessage());
        }
    }

    private static String required(JsonNode p, String field) {
        String value = p.path(field).asText("");
        if (value.isEmpty()) {
            throw new MalformedPayload("payload has no " + field);
        }
        return value;
    }
}
