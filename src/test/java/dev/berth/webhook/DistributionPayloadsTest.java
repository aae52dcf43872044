package dev.berth.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.events.Event;
import dev.berth.events.EventKind;
import dev.berth.testing.Fixtures;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Envelopes recorded from a real registry (see src/test/resources/distribution/NOTICE.md). */
class DistributionPayloadsTest {

    private static final Instant AT = Instant.parse("2026-01-02T03:04:05Z");
    private static final String GOOD = "distribution/02-push-oci-manifest-1.0.0.json";
    private final DistributionPayloads payloads = new DistributionPayloads();

    static List<String> recorded() {
        return Fixtures.names("distribution");
    }

    @ParameterizedTest
    @MethodSource("recorded")
    void everyRecordedEnvelopeIsWellFormedAndOnlyTaggedManifestPushesAreEvents(String file) {
        DistributionPayloads.Batch batch = payloads.normalize(Fixtures.json("distribution/" + file), AT);
        assertEquals(List.of(), batch.skipped(), file);
        boolean taggedManifestPush = file.matches("\\d+-push-(oci|docker)-[a-z-]*-[0-9a-z.]+\\.json")
                && !file.contains("-manifest.json");
        assertEquals(taggedManifestPush ? 1 : 0, batch.events().size(), file);
        assertEquals(taggedManifestPush ? 0 : 1, batch.ignored().size(), file);
    }

    @ParameterizedTest
    @CsvSource({
        "02-push-oci-manifest-1.0.0.json, 127.0.0.1:44445/acme/web, 1.0.0, application/vnd.oci.image.manifest.v1+json, sha256:2072c35f632584967755b2f4743dc9703a0f942e849506bf52a0fcbef685d913, 0c9794ae-1022-4a50-a64a-c054c6d730ca",
        "09-push-oci-index-1.1.0.json, 127.0.0.1:44445/acme/web, 1.1.0, application/vnd.oci.image.index.v1+json, sha256:8f52f45eed5dd1d55dd623019a5f82bb2fa784a8406343d5c36fdc3f7ddcc074, 5509259c-752f-4649-a998-4c4f632a085c",
        "18-push-docker-manifest-1.2.0.json, 127.0.0.1:44445/acme/web, 1.2.0, application/vnd.docker.distribution.manifest.v2+json, sha256:14dd6cc8cb6941f3f52990d3e9a4285c4e981e0fa0879fb2119c3cbdb7a5611d, f8e6866c-ed0c-407d-b4dd-8357582d2a69",
        "19-push-docker-manifest-list-1.3.0.json, 127.0.0.1:44445/acme/web, 1.3.0, application/vnd.docker.distribution.manifest.list.v2+json, sha256:a1d863b54a7259dffaea4b2aea63fe7e9eff161cfdf38073e3da4241c843cbb5, 466ba8aa-cc39-4e12-9b73-ea8ba1708f4a",
        "24-push-oci-manifest-end.json, 127.0.0.1:44445/acme/marker, end, application/vnd.oci.image.manifest.v1+json, sha256:3e50ffca56f861f24d83a2f4b4858bd499c4932db26878ec439e7e6805fa6df9, f85520ab-2d7a-499f-a7b4-6eb81351095a",
    })
    void taggedManifestPushBecomesAnImagePushWithItsDigest(String file, String image, String tag, String mediaType,
            String digest, String id) {
        Event event = payloads.normalize(Fixtures.json("distribution/" + file), AT).events().get(0);
        assertEquals(EventKind.IMAGE_PUSH, event.kind());
        assertEquals("distribution", event.source());
        assertEquals(image, event.image().repository());
        assertEquals(tag, event.tag().value());
        assertEquals(mediaType, event.mediaType());
        assertEquals(digest, event.digest().value());
        assertEquals(id, event.deliveryId().value());
        assertFalse(event.resolve(), "the registry's own digest is trusted");
        assertEquals(AT, event.receivedAt());
    }

    @ParameterizedTest
    @CsvSource(quoteCharacter = '"', value = {
        "00-push-blob.json, is not a manifest",
        "05-push-oci-manifest.json, has no tag",
        "10-pull-oci-manifest-1.0.0.json, action 'pull' is not a push",
        "11-pull-oci-manifest-1.0.0-head.json, action 'pull' is not a push",
        "20-mount-blob.json, action 'mount' is not a push",
        "21-delete-none.json, action 'delete' is not a push",
    })
    void otherNotificationsAreIgnoredWithAReason(String file, String reason) {
        DistributionPayloads.Batch batch = payloads.normalize(Fixtures.json("distribution/" + file), AT);
        assertTrue(batch.ignored().get(0).contains(reason), batch.ignored().toString());
    }

    @Test
    void malformedEventsAreSkippedAndTheGoodOneKept() {
        ObjectNode envelope = (ObjectNode) Fixtures.json(GOOD);
        ArrayNode events = (ArrayNode) envelope.get("events");
        JsonNode good = events.get(0);
        events.add(variant(good, e -> target(e).put("digest", "sha256:NOTHEX")));
        events.add(variant(good, e -> target(e).put("repository", "Acme/Web")));
        events.add(variant(good, e -> e.remove("id")));
        events.add(variant(good, e -> e.remove("target")));
        events.add(variant(good, e -> target(e).put("tag", "-bad")));
        events.add("not an object");
        DistributionPayloads.Batch batch = payloads.normalize(envelope, AT);
        assertEquals(1, batch.events().size());
        assertEquals(6, batch.skipped().size(), batch.skipped().toString());
        assertTrue(batch.skipped().get(0).startsWith("event 1: invalid digest 'sha256:NOTHEX'"), batch.skipped().get(0));
        assertTrue(batch.skipped().get(1).contains("invalid repository path 'Acme/Web'"), batch.skipped().get(1));
        assertEquals("event 3: event has no id", batch.skipped().get(2));
        assertEquals("event 4: push has no target object", batch.skipped().get(3));
    }

    @Test
    void hostFallsBackToTheTargetUrl() {
        JsonNode envelope = variant(Fixtures.json(GOOD), env -> ((ObjectNode) env.get("events").get(0).get("request"))
                .remove("host"));
        assertEquals("127.0.0.1:44445/acme/web",
                payloads.normalize(envelope, AT).events().get(0).image().repository());
    }

    @Test
    void pushRecordedWithAReadMethodIsNotAnEvent() {
        JsonNode envelope = variant(Fixtures.json(GOOD), env -> ((ObjectNode) env.get("events").get(0).get("request"))
                .put("method", "HEAD"));
        assertTrue(payloads.normalize(envelope, AT).events().isEmpty());
    }

    @Test
    void somethingThatIsNotAnEnvelopeIsMalformed() {
        ObjectMapper json = new ObjectMapper();
        assertThrows(MalformedPayload.class, () -> payloads.normalize(json.createObjectNode(), AT));
        assertThrows(MalformedPayload.class, () -> payloads.normalize(json.createArrayNode(), AT));
        assertThrows(MalformedPayload.class,
                () -> payloads.normalize(json.createObjectNode().put("events", "none"), AT));
        assertEquals(0, payloads.normalize(json.createObjectNode().set("events", json.createArrayNode()), AT)
                .events().size());
    }

    @Test
    void labelIsTheSharedActionOrMixed() {
        assertEquals("push", DistributionPayloads.label(Fixtures.json(GOOD)));
        assertEquals("pull", DistributionPayloads.label(Fixtures.json("distribution/10-pull-oci-manifest-1.0.0.json")));
        ObjectNode envelope = (ObjectNode) Fixtures.json(GOOD);
        ((ArrayNode) envelope.get("events")).add(Fixtures.json("distribution/20-mount-blob.json").get("events").get(0));
        assertEquals("mixed", DistributionPayloads.label(envelope));
    }

    private static ObjectNode target(ObjectNode event) {
        return (ObjectNode) event.get("target");
    }

    private static JsonNode variant(JsonNode original, Consumer<ObjectNode> change) {
        ObjectNode copy = original.deepCopy();
        change.accept(copy);
        return copy;
    }
}
