package dev.berth.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.events.Event;
import dev.berth.testing.Fixtures;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Quay's documented payload (see src/test/resources/quay/NOTICE.md) and variants of it. */
class QuayPayloadsTest {

    private static final Instant AT = Instant.parse("2026-01-02T03:04:05Z");
    private static final ObjectMapper JSON = new ObjectMapper();
    private final QuayPayloads payloads = new QuayPayloads();

    @Test
    void documentedPushIsOneHintPerTag() {
        List<Event> events = payloads.normalize(Fixtures.json("quay/0-repo-push.json"), AT).events();
        assertEquals(1, events.size());
        Event event = events.get(0);
        assertEquals("quay", event.source());
        assertEquals("quay.io/dgangaia/test", event.image().repository());
        assertEquals("latest", event.tag().value());
        assertNull(event.digest());
        assertTrue(event.resolve());
    }

    @Test
    void everyUpdatedTagIsItsOwnEventWithItsOwnId() {
        JsonNode p = withTags(JSON.createArrayNode().add("1.4.0").add("1.4").add("latest"));
        List<Event> events = payloads.normalize(p, AT).events();
        assertEquals(List.of("1.4.0", "1.4", "latest"), events.stream().map(e -> e.tag().value()).toList());
        assertEquals(3, events.stream().map(Event::deliveryId).distinct().count());
    }

    @Test
    void legacyFormatMapsTagsToImageIds() throws Exception {
        JsonNode p = JSON.readTree("""
                {"name": "ubuntu", "repository": "devtable/ubuntu", "namespace": "devtable",
                 "docker_url": "quay.io/devtable/ubuntu", "homepage": "https://quay.io/repository/devtable/ubuntu",
                 "updated_tags": {"latest": "b750fe79269d2ec9a3c593ef05b4332b1d1a02a62b4accb2c21d589ff2f5f2dc"}}
                """);
        Event event = payloads.normalize(p, AT).events().get(0);
        assertEquals("quay.io/devtable/ubuntu", event.image().repository());
        assertEquals("latest", event.tag().value());
    }

    @Test
    void aRepeatWithinTheMinuteIsTheSameDeliveryAndALaterPushIsNew() {
        JsonNode p = Fixtures.json("quay/0-repo-push.json");
        String id = payloads.normalize(p, AT).events().get(0).deliveryId().value();
        assertEquals(id, payloads.normalize(p, AT.plusSeconds(50)).events().get(0).deliveryId().value());
        assertNotEquals(id, payloads.normalize(p, AT.plusSeconds(60)).events().get(0).deliveryId().value());
    }

    @Test
    void selfHostedQuayKeepsItsHostAndPort() {
        JsonNode p = ((ObjectNode) Fixtures.json("quay/0-repo-push.json")).put("docker_url", "quay.example.com:8443/org/app");
        assertEquals("quay.example.com:8443/org/app", payloads.normalize(p, AT).events().get(0).image().repository());
    }

    @Test
    void noUpdatedTagIsIgnored() {
        assertTrue(payloads.normalize(withTags(JSON.createArrayNode()), AT).isIgnored());
    }

    @ParameterizedTest
    @CsvSource(quoteCharacter = '"', value = {
        "docker_url, , payload has no docker_url",
        "docker_url, quay.io/Org/App, invalid docker_url 'quay.io/Org/App'",
        "docker_url, quay.io/org/app:latest, invalid docker_url 'quay.io/org/app:latest'",
        "updated_tags, latest, payload has no updated_tags list",
    })
    void brokenPayloadsAreMalformed(String field, String value, String message) {
        ObjectNode p = (ObjectNode) Fixtures.json("quay/0-repo-push.json");
        if (value == null) {
            p.remove(field);
        } else {
            p.put(field, value);
        }
        assertEquals(message, assertThrows(MalformedPayload.class, () -> payloads.normalize(p, AT)).getMessage());
    }

    @Test
    void invalidTagIsMalformed() {
        JsonNode p = withTags(JSON.createArrayNode().add("ok").add("not ok"));
        assertThrows(MalformedPayload.class, () -> payloads.normalize(p, AT));
    }

    private static JsonNode withTags(JsonNode tags) {
        ObjectNode p = (ObjectNode) Fixtures.json("quay/0-repo-push.json");
        p.set("updated_tags", tags);
        return p;
    }
}
