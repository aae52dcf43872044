package dev.berth.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.domain.DeliveryId;
import dev.berth.testing.GitHubDeliveries;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Normalizing the projected payload gives exactly what normalizing the whole payload gives, for every fixture. */
class JsonProjectionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final GitHubPayloads PAYLOADS = new GitHubPayloads("ghcr.io");
    private static final Instant AT = Instant.parse("2024-05-01T10:00:00Z");

    static Stream<String> fixtures() throws IOException, URISyntaxException {
        Path root = Path.of(JsonProjectionTest.class.getResource("/github").toURI());
        try (Stream<Path> files = Files.walk(root)) {
            List<String> list = files.filter(p -> p.toString().endsWith(".json"))
                    .map(p -> root.relativize(p).toString().replace('\\', '/')).sorted().toList();
            return list.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void projectionNormalizesLikeTheWholeDocument(String fixture) throws IOException {
        String event = fixture.substring(0, fixture.indexOf('/'));
        byte[] body = GitHubDeliveries.fixture(fixture);
        DeliveryId id = new DeliveryId("1:" + fixture);
        Normalized whole = PAYLOADS.normalize(event, id, JSON.readTree(body), AT);
        Normalized projected = PAYLOADS.normalize(event, id,
                JsonProjection.read(JSON, body, GitHubPayloads.projection(event)), AT);
        assertEquals(whole, projected);
    }

    @Test
    void brokenJsonIsStillRefusedForEventsBerthIgnores() {
        byte[] broken = "{\"action\": \"created\", \"starred_at\": ".getBytes(StandardCharsets.UTF_8);
        assertThrows(JacksonException.class, () -> JsonProjection.read(JSON, broken, GitHubPayloads.projection("star")));
    }

    @Test
    void emptyBodyAndNonObjectRootAreKept() throws IOException {
        assertNull(JsonProjection.read(JSON, new byte[0], GitHubPayloads.projection("push")));
        JsonNode array = JsonProjection.read(JSON, "[1,2]".getBytes(StandardCharsets.UTF_8),
                GitHubPayloads.projection("push"));
        assertEquals(2, array.size());
    }
}
