package dev.berth.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.domain.Digest;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Map.Entry;
import java.util.Optional;

/** Reading manifests, indexes and image configs: only the few fields berth needs. */
final class Manifests {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Manifests() {
    }

    static Digest sha256(byte[] bytes) {
        try {
            return Digest.of("sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    /** Parses JSON, or empty when the bytes are not JSON. */
    static Optional<JsonNode> parse(byte[] bytes) {
        try {
            JsonNode node = JSON.readTree(bytes);
            return node == null || !node.isObject() ? Optional.empty() : Optional.of(node);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The {@code mediaType} field a manifest carries about itself (empty when absent, as in old Docker manifests). */
    static String mediaType(JsonNode manifest) {
        return manifest.path("mediaType").asText("");
    }

    /** True when the manifest is an index: by its media type, or by having {@code manifests} and no {@code config}. */
    static boolean isIndex(String mediaType, JsonNode manifest) {
        return ManifestTypes.isIndex(mediaType)
                || (manifest.path("manifests").isArray() && manifest.path("config").isMissingNode());
    }

    /** The index entry for linux/amd64, else the first entry; empty when the index lists nothing usable. */
    static Optional<Digest> platformEntry(JsonNode index) {
        JsonNode first = null;
        for (JsonNode entry : index.path("manifests")) {
            if (Digest.parse(entry.path("digest").asText(null)).isEmpty()) {
                continue;
            }
            JsonNode platform = entry.path("platform");
            if ("linux".equals(platform.path("os").asText()) && "amd64".equals(platform.path("architecture").asText())) {
                return Digest.parse(entry.path("digest").asText());
            }
            if (first == null && !"unknown".equals(platform.path("os").asText())) {
                first = entry; // attestation manifests (os "unknown") are never the image
            }
        }
        return first == null ? Optional.empty() : Digest.parse(first.path("digest").asText());
    }

    /** The config blob digest of an image manifest. */
    static Optional<Digest> configDigest(JsonNode manifest) {
        return Digest.parse(manifest.path("config").path("digest").asText(null));
    }

    /** The labels of an image config ({@code config.Labels}); empty when there are none. */
    static Map<String, String> labels(JsonNode config) {
        Map<String, String> labels = new LinkedHashMap<>();
        JsonNode node = config.path("config").path("Labels");
        for (Iterator<Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Entry<String, JsonNode> label = it.next();
            if (label.getValue().isValueNode()) {
                labels.put(label.getKey(), label.getValue().asText());
            }
        }
        return labels;
    }
}
