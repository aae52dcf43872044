package dev.berth.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.domain.DeliveryId;
import dev.berth.domain.ImageRef;
import dev.berth.domain.Printable;
import dev.berth.domain.Tag;
import dev.berth.events.Event;
import java.time.Instant;

/**
 * Turns a Docker Hub repository webhook into a normalized event. Pure: no I/O, tested with the payload Docker's
 * documentation shows.
 *
 * <p>Docker Hub names the repository and the tag but no digest, and cannot sign: the event is a hint, marked
 * {@code resolve} so the pipeline resolves the tag at the registry. Docker Hub sends no delivery id either; the id is
 * derived from (repo_name, tag, pushed_at), which a retry of the same delivery repeats and a new push changes.
 */
public final class DockerHubPayloads {

    static final String SOURCE = "dockerhub";

    /** Normalizes one delivery; throws {@link MalformedPayload} for a broken payload. */
    public Normalized normalize(JsonNode p, Instant at) {
        if (!p.isObject()) {
            throw new MalformedPayload("payload is not a JSON object");
        }
        JsonNode push = p.path("push_data");
        if (!push.isObject()) {
            throw new MalformedPayload("payload has no push_data object");
        }
        String repoName = p.path("repository").path("repo_name").asText("");
        if (repoName.isEmpty()) {
            throw new MalformedPayload("payload has no repository.repo_name");
        }
        String tagName = push.path("tag").asText("");
        if (tagName.isEmpty()) {
            return Normalized.ignored("push names no tag");
        }
        Tag tag = Tag.parse(tagName)
                .orElseThrow(() -> new MalformedPayload("invalid push_data.tag '" + Printable.clip(tagName) + "'"));
        JsonNode pushedAt = push.path("pushed_at");
        if (!pushedAt.isNumber()) {
            throw new MalformedPayload("payload has no numeric push_data.pushed_at");
        }
        ImageRef image;
        try {
            image = ImageRef.of(ImageRef.DOCKER_HUB, repoName);
        } catch (IllegalArgumentException e) {
            throw new MalformedPayload("repository.repo_name: " + e.getMessage());
        }
        DeliveryId id = new DeliveryId(RegistryWebhooks.derivedId(image.path(), tag.value(),
                Long.toString(pushedAt.asLong())));
        return Normalized.of(Event.imagePush(SOURCE, id, image, tag, null, null, true, at));
    }
}
