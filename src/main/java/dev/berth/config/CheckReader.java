package dev.berth.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;

/** Reads one entry of {@code checks:}: {@code http: <url>} with its options, or {@code compose: running}. */
final class CheckReader {

    static final List<String> KEYS = List.of("http", "via", "method", "headers", "timeout", "expect", "compose");
    static final List<String> EXPECT_KEYS = List.of("status", "bodyContains", "bodyRegex", "jsonPointer",
            "maxLatency", "headers");

    private CheckReader() {
    }

    static Optional<CheckSpec> read(YamlMap check) {
        Problems problems = check.problems();
        int before = problems.count();
        check.allow(KEYS);
        if (check.has("http") == check.has("compose")) {
            problems.add(check.node(), check.path(), check.has("http")
                    ? "a check is either http: or compose:, not both"
                    : "a check needs http: <url> or compose: running");
            return Optional.empty();
        }
        if (check.has("compose")) {
            for (String key : KEYS.subList(1, KEYS.size() - 1)) {
                if (check.has(key)) {
                    problems.add(check.keyNode(key), check.child(key), "only http checks take " + key);
                }
            }
            return check.parsed("compose", Nodes.oneOf(List.of(ComposeCheck.RUNNING))).map(c -> new ComposeCheck());
        }
        Optional<String> url = check.parsed("http", HttpCheck::checkUrl);
        HttpCheck.Via via = check.parsed("via", Nodes.oneOf(List.of("host", "direct")), "direct").equals("host")
                ? HttpCheck.Via.HOST : HttpCheck.Via.DIRECT;
        String method = check.parsed("method", text -> Nodes.oneOf(HttpCheck.METHODS)
                .apply(text.toUpperCase(Locale.ROOT)), "GET");
        Map<String, String> headers = check.map("headers").map(CheckReader::headers).orElse(Map.of());
        Duration timeout = check.parsed("timeout", Durations::parse, HttpCheck.DEFAULT_TIMEOUT);
        HttpExpectation expect = check.map("expect").flatMap(CheckReader::expect).orElse(HttpExpectation.DEFAULT);
        return url.flatMap(u -> check.build(before, () -> new HttpCheck(u, via, method, headers, timeout, expect)));
    }

    private static Optional<HttpExpectation> expect(YamlMap expect) {
        int before = expect.problems().count();
        expect.allow(EXPECT_KEYS);
        List<Integer> statuses = new ArrayList<>();
        expect.value("status").ifPresent(node -> {
            List<Node> items = node instanceof org.yaml.snakeyaml.nodes.SequenceNode s ? s.getValue() : List.of(node);
            for (Node item : items) {
                Nodes.parsed(item, expect.child("status"), expect.problems(), Nodes.integer(100, 599))
                        .ifPresent(statuses::add);
            }
        });
        Optional<String> contains = expect.string("bodyContains");
        Optional<TagRegex> regex = expect.parsed("bodyRegex", TagRegex::compile);
        Map<String, String> pointers = expect.map("jsonPointer").map(CheckReader::scalars).orElse(Map.of());
        Optional<Duration> latency = expect.parsed("maxLatency", Durations::parse);
        Map<String, String> headers = expect.map("headers").map(CheckReader::headers).orElse(Map.of());
        return expect.build(before, () -> new HttpExpectation(statuses, contains, regex, pointers, latency, headers));
    }

    private static Map<String, String> headers(YamlMap map) {
        Map<String, String> valid = new LinkedHashMap<>();
        scalars(map).forEach((name, value) -> {
            try {
                Headers.check(name, value);
                valid.put(name, value);
            } catch (IllegalArgumentException e) {
                map.problems().add(map.keyNode(name), map.child(name), e.getMessage());
            }
        });
        return valid;
    }

    private static Map<String, String> scalars(YamlMap map) {
        Map<String, String> out = new LinkedHashMap<>();
        map.entries().forEach((key, node) ->
                Nodes.scalar(node, map.child(key), map.problems()).ifPresent(v -> out.put(key, v)));
        return out;
    }
}
