package dev.berth.webhook;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Map;

/**
 * Reads only the parts of a JSON document a normalizer needs. The whole document is still tokenized, so malformed JSON
 * is refused as before, but the fields nobody reads (most of a GitHub payload: URLs, users, commit lists) are skipped
 * instead of being built into a tree: on the ingest path this was the largest cost of a webhook.
 *
 * <p>A projection maps a field name to {@link #ALL} (keep its whole value) or to a nested projection (keep only those
 * fields of that object).
 */
public final class JsonProjection {

    /** Keep the field's whole value. */
    public static final Map<String, Object> ALL = Map.of();

    private JsonProjection() {
    }

    /**
     * The projected document, a non-object root as it is, or null for an empty body. {@code projection == null} reads
     * the whole document.
     */
    public static JsonNode read(ObjectMapper json, byte[] body, Map<String, Object> projection) throws IOException {
        if (projection == null) {
            return json.readTree(body);
        }
        try (JsonParser parser = json.getFactory().createParser(body)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return null;
            }
            if (first != JsonToken.START_OBJECT) {
                return json.readTree(parser);
            }
            return object(json, parser, projection);
        }
    }

    /** Reads the object the parser is at the start of, keeping the projected fields. */
    @SuppressWarnings("unchecked")
    private static ObjectNode object(ObjectMapper json, JsonParser parser, Map<String, Object> projection)
            throws IOException {
        ObjectNode node = json.createObjectNode();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            Object wanted = projection.get(name);
            if (wanted == null) {
                parser.skipChildren();
            } else if (wanted == ALL || value != JsonToken.START_OBJECT) {
                JsonNode tree = json.readTree(parser);
                node.set(name, tree == null ? json.nullNode() : tree);
            } else {
                node.set(name, object(json, parser, (Map<String, Object>) wanted));
            }
        }
        return node;
    }
}
