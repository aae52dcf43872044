package dev.berth.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.events.Event;
import dev.berth.testing.Fixtures;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Harbor's documented payloads (see src/test/resources/harbor/NOTICE.md) and variants of them. */
class HarborPayloadsTest {

    private static final Instant AT = Instant.parse("2026-01-02T03:04:05Z");
    private static final String DIGEST = "sha256:8a9e9863dbb6e10edb5adfe917c00da84e1700fa76e7ed02476aa6e6fb8ee0d8";
    private final HarborPayloads payloads = new HarborPayloads();

    @ParameterizedTest
    @CsvSource({
        "0-push-artifact.json, ",
        "5-cloudevents-pushed-tagged.json, 66e18103-09c1-41f6-982f-37df223f3eeb",
    })
    void taggedPushInEitherFormatIsAnEventWithItsDigest(String file, String cloudEventsId) {
        Event event = payloads.normalize(Fixtures.json("harbor/" + file), AT).events().get(0);
        assertEquals("harbor", event.source());
        assertEquals("hub.harbor.com/test-webhook/debian", event.image().repository());
        assertEquals("latest", event.tag().value());
        assertEquals(DIGEST, event.digest().value());
        assertFalse(event.resolve());
        if (cloudEventsId != null) {
            assertEquals(cloudEventsId, event.deliveryId().value(), "the CloudEvents id is the delivery id");
        }
    }

    @ParameterizedTest
    @CsvSource(quoteCharacter = '"', value = {
        "1-push-artifact-by-digest.json, push holds no tagged artifact",
        "2-cloudevents-pushed-by-digest.json, push holds no tagged artifact",
        "3-cloudevents-deleted.json, Harbor event 'harbor.artifact.deleted' is not an artifact push",
        "4-pull-artifact.json, Harbor event 'PULL_ARTIFACT' is not an artifact push",
    })
    void documentedPayloadsBerthDoesNotActOnAreIgnored(String file, String reason) {
        assertEquals(reason, payloads.normalize(Fixtures.json("harbor/" + file), AT).ignoredReason());
    }

    @Test
    void legacyDeliveryIdIsDerivedFromTimeRepositoryDigestAndTag() {
        JsonNode p = Fixtures.json("harbor/0-push-artifact.json");
        String id = payloads.normalize(p, AT).events().get(0).deliveryId().value();
        assertEquals(id, payloads.normalize(p, AT.plusSeconds(600)).events().get(0).deliveryId().value());
        ObjectNode later = ((ObjectNode) p.deepCopy()).put("occur_at", 1586922999);
        assertNotEquals(id, payloads.normalize(later, AT).events().get(0).deliveryId().value());
    }

    @Test
    void everyTaggedResourceIsAnEventAndAnInvalidDigestIsResolved() {
        ObjectNode p = (ObjectNode) Fixtures.json("harbor/5-cloudevents-pushed-tagged.json");
        ArrayNode resources = (ArrayNode) p.get("data").get("resources");
        resources.addObject().put("digest", "md5:nope").put("tag", "1.0").put("resource_url",
                "hub.harbor.com/test-webhook/debian:1.0");
        List<Event> events = payloads.normalize(p, AT).events();
        assertEquals(2, events.size());
        assertEquals("66e18103-09c1-41f6-982f-37df223f3eeb/0", events.get(0).deliveryId().value());
        assertEquals("66e18103-09c1-41f6-982f-37df223f3eeb/1", events.get(1).deliveryId().value());
        assertTrue(events.get(1).resolve(), "an unusable digest is resolved at the registry");
    }

    @ParameterizedTest
    @CsvSource(quoteCharacter = '"', value = {
        "library/web:v1, resource_url 'library/web:v1' names no registry host",
        "harbor.example.com/Library/web:v1, invalid resource_url 'harbor.example.com/Library/web:v1'",
    })
    void resourceUrlMustNameARegistryAndAValidPath(String url, String message) {
        ObjectNode p = (ObjectNode) Fixtures.json("harbor/0-push-artifact.json");
        ((ObjectNode) p.get("event_data").get("resources").get(0)).put("resource_url", url);
        assertEquals(message, assertThrows(MalformedPayload.class, () -> payloads.normalize(p, AT)).getMessage());
    }

    @Test
    void pushWithoutDataIsMalformed() {
        ObjectNode legacy = (ObjectNode) Fixtures.json("harbor/0-push-artifact.json");
        legacy.remove("event_data");
        assertEquals("payload has no event_data object",
                assertThrows(MalformedPayload.class, () -> payloads.normalize(legacy, AT)).getMessage());
        ObjectNode cloud = (ObjectNode) Fixtures.json("harbor/5-cloudevents-pushed-tagged.json");
        cloud.remove("id");
        assertEquals("payload has no id",
                assertThrows(MalformedPayload.class, () -> payloads.normalize(cloud, AT)).getMessage());
    }

    @Test
    void labelsAreBounded() {
        assertEquals("push", HarborPayloads.label(Fixtures.json("harbor/0-push-artifact.json")));
        assertEquals("delete", HarborPayloads.label(Fixtures.json("harbor/3-cloudevents-deleted.json")));
        assertEquals("pull", HarborPayloads.label(Fixtures.json("harbor/4-pull-artifact.json")));
        ObjectNode odd = (ObjectNode) Fixtures.json("harbor/0-push-artifact.json");
        assertEquals("other", HarborPayloads.label(odd.put("type", "x".repeat(500))));
    }
}
