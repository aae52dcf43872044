package dev.berth.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every renderer, over every sample, stays within its sink's documented limits. */
class RenderersTest {

    static Stream<Arguments> samples() {
        return Samples.all().stream().flatMap(n -> Stream.of(Arguments.of(n, Samples.LINKS),
                Arguments.of(n, Links.none())));
    }

    @ParameterizedTest
    @MethodSource("samples")
    void slackWithinLimits(Notification n, Links links) {
        ObjectNode m = SlackNotifier.render(n, links);
        assertTrue(m.path("text").asText().length() <= 3000, "fallback text");
        assertFalse(m.path("text").asText().isBlank(), "fallback text present");
        JsonNode blocks = m.path("blocks");
        assertTrue(blocks.size() >= 2 && blocks.size() <= 50, "1..50 blocks: " + blocks.size());
        assertEquals("header", blocks.get(0).path("type").asText());
        assertTrue(blocks.get(0).path("text").path("text").asText().length() <= 150, "header length");
        for (JsonNode b : blocks) {
            assertTrue(b.path("text").path("text").asText().length() <= 3000, "section text length");
            assertTrue(b.path("fields").size() <= 10, "at most 10 fields");
            b.path("fields").forEach(f -> assertTrue(f.path("text").asText().length() <= 2000, "field length"));
        }
        assertEquals(links.deployment(n).isPresent(), m.toString().contains("/api/v1/deployments/"), "link");
    }

    @ParameterizedTest
    @MethodSource("samples")
    void discordWithinLimits(Notification n, Links links) {
        ObjectNode m = DiscordNotifier.render(n, links);
        assertTrue(m.path("content").asText().length() <= 2000, "content");
        assertEquals(0, m.path("allowed_mentions").path("parse").size(), "no mentions");
        JsonNode embeds = m.path("embeds");
        assertTrue(embeds.size() >= 1 && embeds.size() <= 10, "1..10 embeds");
        for (JsonNode e : embeds) {
            int total = e.path("title").asText().length() + e.path("description").asText().length()
                    + e.path("footer").path("text").asText().length();
            assertTrue(e.path("title").asText().length() <= 256, "title");
            assertTrue(e.path("description").asText().length() <= 4096, "description");
            assertTrue(e.path("fields").size() <= 25, "fields");
            for (JsonNode f : e.path("fields")) {
                assertTrue(f.path("name").asText().length() <= 256 && f.path("value").asText().length() <= 1024);
                assertFalse(f.path("value").asText().isEmpty(), "Discord refuses empty field values");
                total += f.path("name").asText().length() + f.path("value").asText().length();
            }
            assertTrue(total <= 6000, "embed total " + total);
        }
    }

    @ParameterizedTest
    @MethodSource("samples")
    void teamsIsAMessageWithOneAdaptiveCard(Notification n, Links links) {
        ObjectNode m = TeamsNotifier.render(n, links);
        assertEquals("message", m.path("type").asText());
        assertEquals(1, m.path("attachments").size());
        JsonNode a = m.path("attachments").get(0);
        assertEquals("application/vnd.microsoft.card.adaptive", a.path("contentType").asText());
        JsonNode card = a.path("content");
        assertEquals("AdaptiveCard", card.path("type").asText());
        assertEquals("1.4", card.path("version").asText());
        assertTrue(card.path("body").size() >= 1);
        card.path("body").forEach(b -> assertTrue(List.of("TextBlock", "FactSet").contains(b.path("type").asText())));
        assertTrue(m.toString().length() < 28_000, "under Teams' 28 KB");
        assertEquals(links.deployment(n).isPresent(), card.path("actions").size() == 1, "Open deployment action");
    }

    @ParameterizedTest
    @MethodSource("samples")
    void cloudEventHasTheRequiredAttributes(Notification n, Links links) {
        ObjectNode e = CloudEventsNotifier.render(n, links);
        for (String attribute : List.of("specversion", "id", "source", "type", "time", "datacontenttype")) {
            assertFalse(e.path(attribute).asText().isBlank(), attribute);
        }
        assertEquals("1.0", e.path("specversion").asText());
        assertEquals("dev.berth." + n.kind().wire(), e.path("type").asText());
        assertEquals(n.at().toString(), e.path("time").asText());
        assertEquals("application/json", e.path("datacontenttype").asText());
        assertEquals(n.title(), e.path("data").path("title").asText());
        assertEquals(CloudEventsNotifier.render(n, links).path("id"), e.path("id"), "same notification, same id");
    }

    @Test
    void aLongIncidentNoteIsTruncatedNotRejected() {
        Notification n = Samples.longIncident();
        JsonNode blocks = SlackNotifier.render(n, Samples.LINKS).path("blocks");
        String note = "";
        for (JsonNode b : blocks) {
            String t = b.path("text").path("text").asText();
            if (t.startsWith("check &lt;http")) {
                note = t;
            }
        }
        assertTrue(note.length() > 2500 && note.length() <= 3000, "the note fills its section: " + note.length());
        assertTrue(note.contains("more characters"), "says it was cut");
        assertFalse(note.contains("<http"), "escaped for mrkdwn");
        String description = DiscordNotifier.render(n, Samples.LINKS).path("embeds").get(0).path("description").asText();
        assertTrue(description.length() > 3500 && description.contains("more characters"));
    }
}
