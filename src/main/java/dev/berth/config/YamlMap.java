package dev.berth.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A YAML mapping read with its key path, reporting every mistake (unknown or duplicate key, wrong type, invalid
 * value) to {@link Problems} with the line of the offending node. Merge keys ({@code <<: *defaults}) are honoured.
 */
final class YamlMap {

    private final Node node;
    private final String path;
    private final Problems problems;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();

    private YamlMap(MappingNode node, String path, Problems problems) {
        this.node = node;
        this.path = path;
        this.problems = problems;
        Map<String, NodeTuple> merged = new LinkedHashMap<>();
        for (NodeTuple t : node.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode key)) {
                problems.add(t.getKeyNode(), path, "keys must be plain strings");
            } else if (key.getTag().equals(Tag.MERGE) || "<<".equals(key.getValue())) {
                merge(t.getValueNode(), merged);
            } else if (entries.putIfAbsent(key.getValue(), t) != null) {
                problems.add(key, child(key.getValue()), "duplicate key");
            }
        }
        merged.forEach(entries::putIfAbsent);
    }

    private void merge(Node value, Map<String, NodeTuple> into) {
        if (value instanceof MappingNode m) {
            new YamlMap(m, path, problems).entries.forEach(into::putIfAbsent);
        } else if (value instanceof SequenceNode s) {
            s.getValue().forEach(v -> merge(v, into));
        } else {
            problems.add(value, path, "a merge key (<<) needs a mapping or a list of mappings");
        }
    }

    /** The mapping at {@code node}, or empty after reporting that {@code node} is not a mapping. */
    static Optional<YamlMap> of(Node node, String path, Problems problems) {
        if (node instanceof MappingNode m) {
            return Optional.of(new YamlMap(m, path, problems));
        }
        problems.add(node, path, "expected a mapping (key: value), found " + Nodes.kind(node));
        return Optional.empty();
    }

    Node node() {
        return node;
    }

    String path() {
        return path;
    }

    Problems problems() {
        return problems;
    }

    String child(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** Reports each key not in {@code known}, with a suggestion when a known key is close. */
    YamlMap allow(List<String> known) {
        entries.forEach((key, tuple) -> {
            if (!known.contains(key)) {
                problems.add(tuple.getKeyNode(), child(key), DidYouMean.unknownKey(key, known));
            }
        });
        return this;
    }

    boolean has(String key) {
        return value(key).isPresent();
    }

    /** The value node of {@code key}; an explicit null ({@code key:} or {@code key: null}) counts as absent. */
    Optional<Node> value(String key) {
        NodeTuple t = entries.get(key);
        return t == null || Nodes.isNull(t.getValueNode()) ? Optional.empty() : Optional.of(t.getValueNode());
    }

    /** The line of the key, for problems about a missing or conflicting sibling. */
    Node keyNode(String key) {
        NodeTuple t = entries.get(key);
        return t == null ? node : t.getKeyNode();
    }

    Optional<String> string(String key) {
        return value(key).flatMap(v -> Nodes.scalar(v, child(key), problems));
    }

    /** The scalar at {@code key} converted by {@code parse}; an {@link IllegalArgumentException} becomes a problem. */
    <T> Optional<T> parsed(String key, Function<String, T> parse) {
        return value(key).flatMap(v -> Nodes.parsed(v, child(key), problems, parse));
    }

    <T> T parsed(String key, Function<String, T> parse, T fallback) {
        return parsed(key, parse).orElse(fallback);
    }

    /** Reports a missing (or empty) required key at its line, or at the mapping's line when it is absent. */
    boolean require(String key) {
        if (has(key)) {
            return true;
        }
        problems.add(keyNode(key), child(key), "is required");
        return false;
    }

    Optional<List<Node>> list(String key) {
        return value(key).flatMap(v -> Nodes.list(v, child(key), problems));
    }

    Optional<YamlMap> map(String key) {
        return value(key).flatMap(v -> of(v, child(key), problems));
    }

    /** Entries of this mapping as key to value node (for free-form maps such as headers). */
    Map<String, Node> entries() {
        Map<String, Node> out = new LinkedHashMap<>();
        entries.forEach((k, t) -> out.put(k, t.getValueNode()));
        return out;
    }

    /**
     * Builds a record when reading this mapping added no problem since {@code before}; an
     * {@link IllegalArgumentException} from the constructor becomes a problem at the mapping.
     */
    <T> Optional<T> build(int before, java.util.function.Supplier<T> constructor) {
        if (problems.count() > before) {
            return Optional.empty();
        }
        try {
            return Optional.of(constructor.get());
        } catch (IllegalArgumentException e) {
            problems.add(node, path, e.getMessage());
            return Optional.empty();
        }
    }
}
