package dev.berth.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.berth.testing.DistributionRegistry;
import dev.berth.testing.Poll;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Records the notification envelopes a real Distribution registry sends, as fixtures for
 * {@link DistributionPayloadsTest}. Not part of the normal run; re-record with
 * {@code ./mvnw test -Dtest=RecordDistributionNotifications -Drecord.distribution=src/test/resources/distribution}.
 */
@EnabledIfSystemProperty(named = "record.distribution", matches = ".+")
class RecordDistributionNotifications {

    private static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    private static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";

    @Test
    void record() throws Exception {
        Path out = Path.of(System.getProperty("record.distribution"));
        Files.createDirectories(out);
        List<String> envelopes = new CopyOnWriteArrayList<>();
        List<String> contentTypes = new CopyOnWriteArrayList<>();
        HttpServer sink = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        sink.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                envelopes.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                contentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        sink.start();
        String url = "http://127.0.0.1:" + sink.getAddress().getPort() + "/webhooks/distribution";
        try (DistributionRegistry registry = new DistributionRegistry()
                .notifying(url, "Bearer recording").start()) {
            registry.pushImage("acme/web", "1.0.0");
            registry.pushIndex("acme/web", "1.1.0", "amd64", "arm64");
            pull(registry, "acme/web", "1.0.0", "GET");
            pull(registry, "acme/web", "1.0.0", "HEAD");
            String untagged = registry.pushImage("acme/web", null);
            String blob = registry.pushBlob("acme/web", "mounted".getBytes(StandardCharsets.UTF_8));
            dockerManifests(registry);
            mount(registry, blob);
            delete(registry, "acme/web", untagged);
            // The registry sends in order: once the marker's push arrived, everything before it has too.
            registry.pushImage("acme/marker", "end");
            Poll.until(Duration.ofSeconds(30), "the marker push notification",
                    () -> envelopes.stream().anyMatch(e -> e.contains("\"acme/marker\"") && e.contains("\"end\"")));
            for (int i = 0; i < envelopes.size(); i++) {
                Files.writeString(out.resolve(String.format("%02d-%s.json", i, nameOf(envelopes.get(i)))),
                        envelopes.get(i));
            }
            Files.writeString(out.resolve("content-types.txt"), String.join("\n", contentTypes) + "\n");
        } finally {
            sink.stop(0);
        }
    }

    /** {@code <action>-<kind>[-<tag>]} of the envelope's first event, for a readable file name. */
    private static String nameOf(String envelope) throws IOException {
        JsonNode event = new ObjectMapper().readTree(envelope).path("events").path(0);
        String type = event.path("target").path("mediaType").asText();
        String kind = switch (type) {
            case DistributionRegistry.OCI_MANIFEST -> "oci-manifest";
            case DistributionRegistry.OCI_INDEX -> "oci-index";
            case DOCKER_MANIFEST -> "docker-manifest";
            case DOCKER_LIST -> "docker-manifest-list";
            default -> type.isEmpty() ? "none" : "blob";
        };
        String tag = event.path("target").path("tag").asText("");
        return event.path("action").asText() + "-" + kind + (tag.isEmpty() ? "" : "-" + tag)
                + ("HEAD".equals(event.path("request").path("method").asText()) ? "-head" : "");
    }

    /** A Docker schema 2 image tagged 1.2.0 and a Docker manifest list over it tagged 1.3.0. */
    private static void dockerManifests(DistributionRegistry registry) {
        byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
                .getBytes(StandardCharsets.UTF_8);
        byte[] layer = "docker layer".getBytes(StandardCharsets.UTF_8);
        String configDigest = registry.pushBlob("acme/web", config);
        String layerDigest = registry.pushBlob("acme/web", layer);
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + DOCKER_MANIFEST + "\",\"config\":{\"mediaType\":"
                + "\"application/vnd.docker.container.image.v1+json\",\"digest\":\"" + configDigest + "\",\"size\":"
                + config.length + "},\"layers\":[{\"mediaType\":\"application/vnd.docker.image.rootfs.diff.tar.gzip\","
                + "\"digest\":\"" + layerDigest + "\",\"size\":" + layer.length + "}]}").getBytes(StandardCharsets.UTF_8);
        String digest = registry.pushManifest("acme/web", "1.2.0", DOCKER_MANIFEST, manifest);
        byte[] list = ("{\"schemaVersion\":2,\"mediaType\":\"" + DOCKER_LIST + "\",\"manifests\":[{\"mediaType\":\""
                + DOCKER_MANIFEST + "\",\"digest\":\"" + digest + "\",\"size\":" + manifest.length
                + ",\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"}}]}").getBytes(StandardCharsets.UTF_8);
        registry.pushManifest("acme/web", "1.3.0", DOCKER_LIST, list);
    }

    /** Cross-repository blob mount: a "mount" notification. */
    private static void mount(DistributionRegistry registry, String digest) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(registry.url() + "/v2/acme/api/blobs/uploads/?mount="
                + digest + "&from=acme/web")).POST(HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<Void> r = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("mount: " + r.statusCode());
        }
    }

    private static void delete(DistributionRegistry registry, String name, String digest) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(registry.url() + "/v2/" + name + "/manifests/"
                + digest)).DELETE().build();
        HttpResponse<Void> r = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() != 202) {
            throw new IllegalStateException("delete: " + r.statusCode());
        }
    }

    private static void pull(DistributionRegistry registry, String name, String tag, String method) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(registry.url() + "/v2/" + name + "/manifests/" + tag))
                .header("Accept", DistributionRegistry.OCI_MANIFEST + ", " + DistributionRegistry.OCI_INDEX)
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<Void> r = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(method + " manifest: " + r.statusCode());
        }
    }
}
