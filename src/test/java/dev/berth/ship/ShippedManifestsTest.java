package dev.berth.ship;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every file of deploy/ and k8s/ parses, and carries the hardening the docs promise. */
class ShippedManifestsTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static List<JsonNode> documents(Path file) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    docs.add(doc);
                }
            }
        }
        return docs;
    }

    private static List<Path> yamlFiles(String dir) throws IOException {
        try (Stream<Path> files = Files.walk(Path.of(dir))) {
            return files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted()
                    .toList();
        }
    }

    @Test
    void everyKubernetesManifestParsesAndNamesItself() throws IOException {
        List<Path> files = yamlFiles("k8s");
        assertFalse(files.isEmpty());
        for (Path file : files) {
            for (JsonNode doc : documents(file)) {
                assertTrue(doc.hasNonNull("apiVersion"), file + ": apiVersion");
                assertTrue(doc.hasNonNull("kind"), file + ": kind");
                if (!doc.get("kind").asText().equals("Kustomization")) {
                    assertTrue(doc.path("metadata").hasNonNull("name"), file + ": metadata.name");
                }
            }
        }
    }

    @Test
    void kustomizationListsExistingFiles() throws IOException {
        JsonNode k = documents(Path.of("k8s/base/kustomization.yaml")).get(0);
        for (JsonNode resource : k.get("resources")) {
            assertTrue(Files.isRegularFile(Path.of("k8s/base", resource.asText())), resource.asText());
        }
    }

    @Test
    void deploymentIsHardenedAndProbed() throws IOException {
        JsonNode d = documents(Path.of("k8s/base/deployment.yaml")).get(0);
        assertEquals(2, d.at("/spec/replicas").asInt());
        JsonNode pod = d.at("/spec/template/spec");
        assertTrue(pod.at("/securityContext/runAsNonRoot").asBoolean());
        JsonNode c = pod.at("/containers/0");
        assertEquals("/q/health/live", c.at("/livenessProbe/httpGet/path").asText());
        assertEquals("/q/health/ready", c.at("/readinessProbe/httpGet/path").asText());
        assertTrue(c.at("/securityContext/readOnlyRootFilesystem").asBoolean());
        assertFalse(c.at("/securityContext/allowPrivilegeEscalation").asBoolean(true));
        assertEquals("ALL", c.at("/securityContext/capabilities/drop/0").asText());
    }

    @Test
    void composeStackIsHardened() throws IOException {
        JsonNode compose = documents(Path.of("deploy/docker-compose.yml")).get(0);
        for (String name : List.of("berth", "redis")) {
            JsonNode s = compose.at("/services/" + name);
            assertTrue(s.path("read_only").asBoolean(), name + " read_only");
            assertEquals("no-new-privileges:true", s.at("/security_opt/0").asText(), name);
            assertTrue(s.hasNonNull("mem_limit"), name + " mem_limit");
            assertTrue(s.hasNonNull("user"), name + " user");
            assertTrue(s.has("healthcheck"), name + " healthcheck");
        }
        assertTrue(compose.at("/services/berth/healthcheck/test").toString().contains("/q/health/ready"));
        assertTrue(compose.at("/services/berth/ports/0").asText().startsWith("${BERTH_BIND:-127.0.0.1}:"));
        assertTrue(compose.at("/services/redis/command").toString().contains("appendonly"));
        assertTrue(compose.at("/networks/internal/internal").asBoolean());
    }

    @Test
    void envExampleHoldsNoSecretAndOnlyKnownNames() throws IOException {
        for (String line : Files.readAllLines(Path.of("deploy/.env.example"))) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] kv = line.split("=", 2);
            assertTrue(kv[0].matches("BERTH_[A-Z0-9_]+"), line);
            if (kv[0].contains("SECRET") || kv[0].contains("TOKEN") || kv[0].contains("PASSWORD")) {
                assertEquals("", kv[1], kv[0] + " must be empty in the example");
            }
        }
    }
}
