package dev.berth.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.events.Event;
import dev.berth.testing.Fixtures;
import java.time.Instant;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Docker's documented payload (see src/test/resources/dockerhub/NOTICE.md) and variants of it. */
class DockerHubPayloadsTest {

    private static final Instant AT = Instant.parse("2026-01-02T03:04:05Z");
    private final DockerHubPayloads payloads = new DockerHubPayloads();

    @Test
    void documentedPushIsAHintToResolve() {
        Event event = payloads.normalize(Fixtures.json("dockerhub/0-push.json"), AT).events().get(0);
        assertEquals("dockerhub", event.source());
        assertEquals("docker.io/svendowideit/testhook", event.image().repository());
        assertEquals("latest", event.tag().value());
        assertNull(event.digest());
        assertTrue(event.resolve());
    }

    @ParameterizedTest
    @CsvSource({
        "nginx, docker.io/library/nginx",
        "acme/web, docker.io/acme/web",
        "library/redis, docker.io/library/redis",
    })
    void repoNameIsNormalizedToDockerHub(String repoName, String repository) {
        JsonNode p = variant(root -> ((ObjectNode) root.get("repository")).put("repo_name", repoName));
        assertEquals(repository, payloads.normalize(p, AT).events().get(0).image().repository());
    }

    @Test
    void deliveryIdIsStableForARetryAndNewForANewPush() {
        JsonNode original = Fixtures.json("dockerhub/0-push.json");
        String id = payloads.normalize(original, AT).events().get(0).deliveryId().value();
        assertEquals(id, payloads.normalize(original, AT.plusSeconds(90)).events().get(0).deliveryId().value(),
                "a retry later on is the same delivery");
        JsonNode later = variant(root -> ((ObjectNode) root.get("push_data")).put("pushed_at", 1417566999));
        assertNotEquals(id, payloads.normalize(later, AT).events().get(0).deliveryId().value());
        JsonNode otherTag = variant(root -> ((ObjectNode) root.get("push_data")).put("tag", "1.0"));
        assertNotEquals(id, payloads.normalize(otherTag, AT).events().get(0).deliveryId().value());
    }

    @Test
    void pushWithoutTagIsIgnored() {
        JsonNode p = variant(root -> ((ObjectNode) root.get("push_data")).remove("tag"));
        assertEquals("push names no tag", payloads.normalize(p, AT).ignoredReason());
    }

    @ParameterizedTest
    @CsvSource(quoteCharacter = '"', value = {
        "push_data, payload has no push_data object",
        "repository, payload has no repository.repo_name",
    })
    void missingPartsAreMalformed(String field, String message) {
        JsonNode p = variant(root -> root.remove(field));
        assertEquals(message, assertThrows(MalformedPayload.class, () -> payloads.normalize(p, AT)).getMessage());
    }

    @Test
    void invalidValuesAreMalformed() {
        assertThrows(MalformedPayload.class, () -> payloads.normalize(
                variant(root -> ((ObjectNode) root.get("push_data")).put("tag", "bad tag")), AT));
        assertThrows(MalformedPayload.class, () -> payloads.normalize(
                variant(root -> ((ObjectNode) root.get("repository")).put("repo_name", "Acme/Web")), AT));
        assertThrows(MalformedPayload.class, () -> payloads.normalize(
                variant(root -> ((ObjectNode) root.get("push_data")).remove("pushed_at")), AT));
    }

    private static JsonNode variant(Consumer<ObjectNode> change) {
        ObjectNode copy = (ObjectNode) Fixtures.json("dockerhub/0-push.json");
        change.accept(copy);
        return copy;
    }
}
