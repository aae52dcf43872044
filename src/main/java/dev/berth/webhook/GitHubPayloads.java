package dev.berth.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.domain.DeliveryId;
import dev.berth.domain.Digest;
import dev.berth.domain.ImageRef;
import dev.berth.domain.Printable;
import dev.berth.domain.Tag;
import dev.berth.events.Event;
import dev.berth.events.EventKind;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Turns GitHub webhook payloads into normalized events. Pure: no I/O, tested with GitHub's recorded payloads. */
public final class GitHubPayloads {

    static final String SOURCE = "github";
    private static final String ZERO_SHA = "0000000000000000000000000000000000000000";
    /** A manifest media type as registries send it (RFC 6838 names, no parameters); anything else is dropped. */
    private static final Pattern MEDIA_TYPE =
            Pattern.compile("[a-z0-9][a-z0-9!#$&^_.+-]{0,63}/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}");

    private final String packageRegistry;

    public GitHubPayloads(String packageRegistry) {
        this.packageRegistry = packageRegistry;
    }

    private static final Map<String, Object> REPOSITORY = Map.of("full_name", JsonProjection.ALL);

    /**
     * The fields {@link #normalize} reads for an event type (see {@link JsonProjection}); every other field is
     * skipped while parsing. Events berth ignores keep nothing but are still parsed, so broken JSON is refused alike.
     */
    public static Map<String, Object> projection(String event) {
        return switch (event) {
            case "push" -> Map.of("ref", JsonProjection.ALL, "after", JsonProjection.ALL,
                    "deleted", JsonProjection.ALL, "repository", REPOSITORY);
            case "workflow_run" -> Map.of("repository", REPOSITORY, "workflow", Map.of("name", JsonProjection.ALL),
                    "workflow_run", Map.of("status", JsonProjection.ALL, "conclusion", JsonProjection.ALL,
                            "head_branch", JsonProjection.ALL, "head_sha", JsonProjection.ALL,
                            "name", JsonProjection.ALL));
            case "release" -> Map.of("action", JsonProjection.ALL, "repository", REPOSITORY,
                    "release", Map.of("tag_name", JsonProjection.ALL, "target_commitish", JsonProjection.ALL));
            case "registry_package", "package" -> Map.of("action", JsonProjection.ALL, event, JsonProjection.ALL);
            default -> Map.of();
        };
    }

    /** Normalizes one delivery of event type {@code event}; throws {@link MalformedPayload} for a broken payload. */
    public Normalized normalize(String event, DeliveryId id, JsonNode payload, Instant at) {
        if (!payload.isObject()) {
            throw new MalformedPayload("payload is not a JSON object");
        }
        return switch (event) {
            case "push" -> push(id, payload, at);
            case "workflow_run" -> workflowRun(id, payload, at);
            case "registry_package" -> containerPackage(id, payload.path("registry_package"), payload, at);
            case "package" -> containerPackage(id, payload.path("package"), payload, at);
            case "release" -> release(id, payload, at);
            default -> Normalized.ignored("event '" + Printable.clip(event) + "' is not one berth acts on");
        };
    }

    private Normalized push(DeliveryId id, JsonNode p, Instant at) {
        String repo = required(p, "repository", "full_name");
        String ref = required(p, "ref");
        String after = p.path("after").asText("");
        if (p.path("deleted").asBoolean(false) || ZERO_SHA.equals(after)) {
            return Normalized.ignored("push deletes " + Printable.clip(ref));
        }
        return Normalized.of(git(id, EventKind.GIT_PUSH, repo, ref, after, null, at));
    }

    private Normalized workflowRun(DeliveryId id, JsonNode p, Instant at) {
        JsonNode run = p.path("workflow_run");
        if (!run.isObject()) {
            throw new MalformedPayload("workflow_run payload has no workflow_run object");
        }
        String status = run.path("status").asText("");
        if (!"completed".equals(status)) {
            return Normalized.ignored("workflow run is " + Printable.clip(status) + ", not completed");
        }
        String conclusion = run.path("conclusion").asText("");
        if (conclusion.isEmpty()) {
            return Normalized.ignored("completed workflow run has no conclusion");
        }
        String repo = required(p, "repository", "full_name");
        String branch = run.path("head_branch").asText("");
        return Normalized.of(new Event(SOURCE, id, EventKind.WORKFLOW_RUN, null, null, null, null, false, repo,
                branch.isEmpty() ? null : "refs/heads/" + branch, run.path("head_sha").asText(null), conclusion,
                workflowName(p), at));
    }

    private Normalized release(DeliveryId id, JsonNode p, Instant at) {
        String action = p.path("action").asText("");
        if (!"published".equals(action)) {
            return Normalized.ignored("release action '" + Printable.clip(action) + "' is not published");
        }
        String repo = required(p, "repository", "full_name");
        String tagName = required(p, "release", "tag_name");
        return Normalized.of(git(id, EventKind.RELEASE, repo, "refs/tags/" + tagName,
                p.path("release").path("target_commitish").asText(null), null, at));
    }

    /**
     * A published container version (GHCR). Real payloads carry empty tags (untagged platform manifests) and digests
     * that are not sha256: such a version is ignored, or its digest resolved at the registry. A tagged multi-platform
     * image arrives as one delivery for the index (tagged) and one per platform manifest (untagged).
     */
    private Normalized containerPackage(DeliveryId id, JsonNode pkg, JsonNode p, Instant at) {
        if (!pkg.isObject()) {
            throw new MalformedPayload("package event has no package object");
        }
        String action = p.path("action").asText("");
        if (!"published".equals(action)) {
            return Normalized.ignored("package action '" + Printable.clip(action) + "' is not published");
        }
        JsonNode version = pkg.path("package_version");
        JsonNode container = version.path("container_metadata");
        if (!isContainer(pkg, container)) {
            return Normalized.ignored("package is not a container image");
        }
        String tagName = container.path("tag").path("name").asText("");
        if (tagName.isEmpty()) {
            return Normalized.ignored("container version has no tag (untagged manifest)");
        }
        Optional<Tag> tag = Tag.parse(tagName);
        if (tag.isEmpty()) {
            return Normalized.ignored("container tag '" + Printable.clip(tagName) + "' is not a valid tag");
        }
        Optional<ImageRef> image = imageOf(pkg, version);
        if (image.isEmpty()) {
            return Normalized.ignored("package names no valid image repository");
        }
        Optional<Digest> digest = Digest.parse(container.path("tag").path("digest").asText(null));
        String mediaType = container.path("manifest").path("media_type").asText("");
        return Normalized.of(Event.imagePush(SOURCE, id, image.get(), tag.get(), digest.orElse(null),
                MEDIA_TYPE.matcher(mediaType).matches() ? mediaType : null, digest.isEmpty(), at));
    }

    private static boolean isContainer(JsonNode pkg, JsonNode container) {
        String type = pkg.path("package_type").asText("").toLowerCase(Locale.ROOT);
        String ecosystem = pkg.path("ecosystem").asText("").toLowerCase(Locale.ROOT);
        return container.isObject() || type.equals("container") || type.equals("docker")
                || ecosystem.equals("container") || ecosystem.equals("docker");
    }

    /** From {@code package_url} ({@code ghcr.io/owner/name:tag}) when present, else registry + namespace/name. */
    private Optional<ImageRef> imageOf(JsonNode pkg, JsonNode version) {
        String url = version.path("package_url").asText("");
        if (!url.isEmpty()) {
            int colon = url.lastIndexOf(':');
            String repo = colon > url.lastIndexOf('/') ? url.substring(0, colon) : url;
            Optional<ImageRef> parsed = ImageRef.tryParse(repo.toLowerCase(Locale.ROOT));
            if (parsed.isPresent()) {
                return parsed;
            }
        }
        String owner = pkg.path("owner").path("login").asText("");
        String name = pkg.path("name").asText("");
        return ImageRef.tryParse((packageRegistry + "/" + owner + "/" + name).toLowerCase(Locale.ROOT));
    }

    private static Event git(DeliveryId id, EventKind kind, String repo, String ref, String sha, String conclusion,
            Instant at) {
        return new Event(SOURCE, id, kind, null, null, null, null, false, repo, ref, sha, conclusion, at);
    }

    /**
     * The workflow's name: {@code workflow_run.name}, or {@code workflow.name} when the run's is empty (as in some of
     * GitHub's recorded deliveries); clipped to printable text, null when neither is set.
     */
    private static String workflowName(JsonNode p) {
        String name = p.path("workflow_run").path("name").asText("").strip();
        if (name.isEmpty()) {
            name = p.path("workflow").path("name").asText("").strip();
        }
        return name.isEmpty() ? null : Printable.clip(name);
    }

    private static String required(JsonNode p, String... path) {
        JsonNode node = p;
        for (String step : path) {
            node = node.path(step);
        }
        if (!node.isTextual() || node.asText().isEmpty()) {
            throw new MalformedPayload("payload has no " + String.join(".", path));
        }
        return node.asText();
    }
}
