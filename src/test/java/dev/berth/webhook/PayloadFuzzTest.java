package dev.berth.webhook;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.domain.DeliveryId;
import dev.berth.testing.Fixtures;
import dev.berth.testing.Mutator;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A seeded mutation fuzzer over every webhook parser: thousands of mutants of the recorded payloads (type confusion,
 * removed fields, deep nesting, huge numbers and strings, broken bytes). The only exceptions allowed out of a parser
 * are the documented ones: {@link MalformedPayload} (answered 400) and Jackson's own (400 too). Fixed seed and
 * iteration count, so a run takes a few seconds and a failure is reproducible from its message.
 */
class PayloadFuzzTest {

    static final long SEED = 12_2026L;
    static final int ITERATIONS = 1_500;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant AT = Instant.parse("2026-11-30T10:00:00Z");

    /** A parser under test: bytes in, nothing or a documented exception out. */
    @FunctionalInterface
    interface Parser {
        void parse(byte[] body) throws IOException;
    }

    static List<byte[]> seeds(String folder) {
        List<byte[]> seeds = new ArrayList<>();
        for (String name : Fixtures.names(folder)) {
            seeds.add(Fixtures.bytes(folder + "/" + name));
        }
        return seeds;
    }

    static void fuzz(String name, List<byte[]> seeds, Parser parser) {
        Mutator mutator = new Mutator(SEED ^ name.hashCode());
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] seed = seeds.get(mutator.random().nextInt(seeds.size()));
            byte[] mutant = mutator.mutate(seed, true);
            try {
                parser.parse(mutant);
            } catch (MalformedPayload | JacksonException expected) {
                // documented: answered 400
            } catch (Throwable t) {
                fail(name + " threw " + t + " on mutant " + i + " of seed " + SEED + " ("
                        + new String(mutant, 0, Math.min(mutant.length, 300), java.nio.charset.StandardCharsets.UTF_8)
                        + ")", t);
            }
        }
    }

    private static JsonNode tree(byte[] body) throws IOException {
        JsonNode node = JSON.readTree(body);
        if (node == null || node.isMissingNode()) {
            throw new MalformedPayload("empty body");
        }
        return node;
    }

    @Test
    void gitHubPayloadsAndProjection() {
        GitHubPayloads payloads = new GitHubPayloads("ghcr.io");
        for (String event : List.of("push", "workflow_run", "release", "package", "registry_package", "ping")) {
            List<byte[]> seeds = seeds("github/" + event);
            fuzz("github " + event, seeds, body -> {
                JsonNode payload = JsonProjection.read(JSON, body, GitHubPayloads.projection(event));
                if (payload == null) {
                    throw new MalformedPayload("empty body");
                }
                payloads.normalize(event, new DeliveryId("1:fuzz"), payload, AT);
            });
        }
    }

    @Test
    void jsonProjectionOfWholeDocuments() {
        fuzz("projection", seeds("github/push"), body -> JsonProjection.read(JSON, body, null));
    }

    @Test
    void distributionPayloads() {
        DistributionPayloads payloads = new DistributionPayloads();
        fuzz("distribution", seeds("distribution"), body -> {
            JsonNode envelope = tree(body);
            payloads.normalize(envelope, AT);
            DistributionPayloads.label(envelope);
        });
    }

    @Test
    void dockerHubPayloads() {
        fuzz("dockerhub", seeds("dockerhub"), body -> new DockerHubPayloads().normalize(tree(body), AT));
    }

    @Test
    void harborPayloads() {
        fuzz("harbor", seeds("harbor"), body -> {
            JsonNode payload = tree(body);
            HarborPayloads.label(payload);
            new HarborPayloads().normalize(payload, AT);
        });
    }

    @Test
    void quayPayloads() {
        fuzz("quay", seeds("quay"), body -> new QuayPayloads().normalize(tree(body), AT));
    }
}
