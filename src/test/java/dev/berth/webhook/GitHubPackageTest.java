package dev.berth.webhook;

import static dev.berth.testing.GitHubDeliveries.fixture;
import static dev.berth.testing.GitHubDeliveries.newDelivery;
import static dev.berth.testing.GitHubDeliveries.send;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.events.RedisKeys;
import dev.berth.testing.RedisResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * GHCR pushes arrive as GitHub {@code package} / {@code registry_package} events: the tagged multi-platform (derived from GitHub's example, see NOTICE.md)
 * image becomes an image.push event; GitHub's own untagged example is ignored.
 */
@QuarkusTest
@QuarkusTestResource(RedisResource.class)
class GitHubPackageTest {

    private static final String DIGEST = "sha256:89160c587d0c36bf54090497a465445c14980ba48efbcf3b0d03c49b76f3feb8";

    @Inject
    RedisDataSource redis;

    @Inject
    RedisKeys keys;

    @Inject
    ObjectMapper json;

    @ParameterizedTest
    @ValueSource(strings = {"package", "registry_package"})
    void taggedContainerVersionIsAnImagePush(String event) throws IOException {
        String id = send(event, newDelivery(), tagged(event)).statusCode(202)
                .body("outcome", equalTo("queued")).extract().path("ids[0]");
        List<StreamMessage<String, String, String>> entries =
                redis.stream(String.class).xrange(keys.events(), StreamRange.of(id, id));
        assertEquals(1, entries.size());
        Map<String, String> stored = entries.get(0).payload();
        assertEquals("image.push", stored.get("kind"));
        assertEquals("ghcr.io/codertocat/hello-world", stored.get("image"));
        assertEquals("1.4.2", stored.get("tag"));
        assertEquals(DIGEST, stored.get("digest"));
        assertEquals("application/vnd.docker.distribution.manifest.list.v2+json", stored.get("mediaType"));
        assertFalse(stored.containsKey("resolve"), "a valid sha256 digest needs no resolving");
    }

    @Test
    void untaggedPlatformManifestIsIgnored() {
        send("registry_package", newDelivery(), fixture("registry_package/0-published.json")).statusCode(202)
                .body("outcome", equalTo("ignored")).body("reason", containsString("no tag"));
    }

    /** The recording as the event's own key carries it: GitHub names the object after the event. */
    private byte[] tagged(String event) throws IOException {
        byte[] recorded = fixture("package/3-published-tagged.json");
        if (event.equals("package")) {
            return recorded;
        }
        ObjectNode payload = (ObjectNode) json.readTree(recorded);
        payload.set("registry_package", payload.remove("package"));
        return json.writeValueAsBytes(payload);
    }
}
