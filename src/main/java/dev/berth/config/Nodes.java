package dev.berth.config;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Small typed reads of SnakeYAML nodes that report a wrong type instead of throwing. */
final class Nodes {

    private Nodes() {
    }

    static boolean isNull(Node node) {
        return node instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
    }

    static String kind(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        return isNull(node) ? "nothing" : "'" + dev.berth.domain.Printable.clip(((ScalarNode) node).getValue()) + "'";
    }

    static Optional<String> scalar(Node node, String path, Problems problems) {
        if (node instanceof ScalarNode s && !isNull(s)) {
            return Optional.of(s.getValue());
        }
        problems.add(node, path, "expected a single value, found " + kind(node));
        return Optional.empty();
    }

    static <T> Optional<T> parsed(Node node, String path, Problems problems, Function<String, T> parse) {
        return scalar(node, path, problems).flatMap(text -> {
            try {
                return Optional.of(parse.apply(text));
            } catch (IllegalArgumentException e) {
                problems.add(node, path, e.getMessage());
                return Optional.empty();
            }
        });
    }

    static Optional<List<Node>> list(Node node, String path, Problems problems) {
        if (node instanceof SequenceNode s) {
            return Optional.of(s.getValue());
        }
        problems.add(node, path, "expected a list, found " + kind(node));
        return Optional.empty();
    }

    /** An integer in {@code [min, max]}. */
    static Function<String, Integer> integer(int min, int max) {
        return text -> {
            try {
                int n = Integer.parseInt(text.trim());
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException("'" + dev.berth.domain.Printable.clip(text)
                    + "' is not a whole number from " + min + " to " + max);
        };
    }

    /** One of {@code words}, exactly. */
    static Function<String, String> oneOf(List<String> words) {
        return text -> {
            if (words.contains(text)) {
                return text;
            }
            throw new IllegalArgumentException("'" + dev.berth.domain.Printable.clip(text) + "' is not one of "
                    + String.join(", ", words));
        };
    }
}
