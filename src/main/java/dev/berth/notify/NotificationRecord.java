package dev.berth.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The layout of a notification as the fields of one entry of the notifications stream. Absent values are absent. */
final class NotificationRecord {

    /** Version of the stream record layout; bump it when a field changes meaning. */
    static final String VERSION = "1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private NotificationRecord() {
    }

    static Map<String, String> toFields(Notification n) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("v", VERSION);
        f.put("kind", n.kind().wire());
        f.put("severity", n.severity().wire());
        put(f, "app", n.app());
        put(f, "env", n.env());
        put(f, "digest", n.digest());
        put(f, "tag", n.tag());
        put(f, "release", n.releaseId());
        put(f, "deployment", n.deploymentId());
        f.put("title", n.title());
        put(f, "text", n.text());
        if (!n.facts().isEmpty()) {
            try {
                f.put("facts", JSON.writeValueAsString(n.facts()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot encode facts", e);
            }
        }
        f.put("at", n.at().toString());
        return f;
    }

    /** Reads an entry written by {@link #toFields}; fails with a message naming the bad field. */
    static Notification fromFields(Map<String, String> f) {
        if (!VERSION.equals(f.get("v"))) {
            throw new IllegalArgumentException("unsupported notification record version '" + f.get("v") + "'");
        }
        Map<String, String> facts = null;
        if (f.containsKey("facts")) {
            try {
                facts = JSON.readValue(f.get("facts"), new TypeReference<LinkedHashMap<String, String>>() {
                });
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("notification facts are not a JSON object of strings");
            }
        }
        return new Notification(NotificationKind.fromWire(f.get("kind")), Severity.fromWire(f.get("severity")),
                f.get("app"), f.get("env"), f.get("digest"), f.get("tag"), f.get("release"), f.get("deployment"),
                f.get("title"), f.get("text"), facts, Instant.parse(f.get("at")));
    }

    private static void put(Map<String, String> f, String key, String value) {
        if (value != null) {
            f.put(key, value);
        }
    }
}
