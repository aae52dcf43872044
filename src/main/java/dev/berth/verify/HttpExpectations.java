package dev.berth.verify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.config.HttpExpectation;
import dev.berth.domain.Printable;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Decides whether one HTTP answer meets an {@link HttpExpectation}. Pure: the same answer always gives the same
 * verdict. Conditions are checked in a fixed order (status, latency, headers, bodyContains, bodyRegex, jsonPointer
 * in pointer order) and the first that fails is reported.
 *
 * <p>JSON pointer values are compared as text: a string compares by its content, a number by its JSON spelling
 * ({@code 1} equals "1", but {@code 1.0} does not), {@code true}/{@code false}/{@code null} by those words, an
 * object or array by its compact JSON. A missing pointer fails.
 */
public final class HttpExpectations {

    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpExpectations() {
    }

    /**
     * @param body    the (possibly truncated) response body as text
     * @param headers response headers; names are matched case-insensitively
     * @return empty when the answer passes, else what was wrong ({@code status 500, expected 200})
     */
    public static Optional<String> evaluate(HttpExpectation expect, int status, String body, Duration latency,
            Map<String, List<String>> headers) {
        if (!expect.acceptsStatus(status)) {
            return Optional.of("status " + status + ", expected " + expectedStatus(expect));
        }
        if (expect.maxLatency().isPresent() && latency.compareTo(expect.maxLatency().get()) > 0) {
            return Optional.of("answered in " + latency.toMillis() + " ms, slower than maxLatency "
                    + expect.maxLatency().get().toMillis() + " ms");
        }
        Optional<String> header = headers(expect.headers(), headers);
        if (header.isPresent()) {
            return header;
        }
        if (expect.bodyContains().isPresent() && !body.contains(expect.bodyContains().get())) {
            return Optional.of("body lacks '" + Printable.clip(expect.bodyContains().get()) + "'" + sample(body));
        }
        if (expect.bodyRegex().isPresent() && !expect.bodyRegex().get().find(body)) {
            return Optional.of("body has no match of /" + Printable.clip(expect.bodyRegex().get().source()) + "/"
                    + sample(body));
        }
        return expect.jsonPointer().isEmpty() ? Optional.empty() : json(new TreeMap<>(expect.jsonPointer()), body);
    }

    /** The text a JSON value compares as (see the class comment). */
    static String text(JsonNode node) {
        return node.isValueNode() ? node.asText() : node.toString();
    }

    private static String expectedStatus(HttpExpectation expect) {
        if (expect.statuses().isEmpty()) {
            return "2xx";
        }
        String list = expect.statuses().stream().map(String::valueOf).collect(Collectors.joining(", "));
        return expect.statuses().size() == 1 ? list : "one of " + list;
    }

    private static Optional<String> headers(Map<String, String> expected, Map<String, List<String>> actual) {
        for (Map.Entry<String, String> want : new TreeMap<>(expected).entrySet()) {
            List<String> values = actual.entrySet().stream()
                    .filter(e -> e.getKey().toLowerCase(Locale.ROOT).equals(want.getKey().toLowerCase(Locale.ROOT)))
                    .flatMap(e -> e.getValue().stream()).toList();
            if (values.isEmpty()) {
                return Optional.of("header " + want.getKey() + " is missing, expected '"
                        + Printable.clip(want.getValue()) + "'");
            }
            if (!values.contains(want.getValue())) {
                return Optional.of("header " + want.getKey() + " is '" + Printable.clip(values.get(0))
                        + "', expected '" + Printable.clip(want.getValue()) + "'");
            }
        }
        return Optional.empty();
    }

    private static Optional<String> json(Map<String, String> pointers, String body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return Optional.of("body is not JSON" + sample(body));
        }
        if (root == null || root.isMissingNode()) {
            return Optional.of("body is not JSON (empty)");
        }
        for (Map.Entry<String, String> want : pointers.entrySet()) {
            JsonNode node;
            try {
                node = root.at(want.getKey());
            } catch (IllegalArgumentException e) {
                return Optional.of("JSON pointer '" + Printable.clip(want.getKey()) + "' is invalid");
            }
            if (node.isMissingNode()) {
                return Optional.of("JSON " + want.getKey() + " is missing, expected '"
                        + Printable.clip(want.getValue()) + "'");
            }
            String got = text(node);
            if (!got.equals(want.getValue())) {
                return Optional.of("JSON " + want.getKey() + " is '" + Printable.clip(got) + "', expected '"
                        + Printable.clip(want.getValue()) + "'");
            }
        }
        return Optional.empty();
    }

    private static String sample(String body) {
        return body.isEmpty() ? " (empty body)" : " (body starts '" + Printable.clip(body) + "')";
    }
}
