package dev.berth.config;

import dev.berth.domain.ImageRef;
import dev.berth.domain.ServiceName;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * An app's {@code compose.yaml}, read just enough to know its services, and the pin override berth puts beside it
 * ({@code compose.pin.yaml}: each tracked service's image pinned to a digest).
 */
public record ComposeFile(String content, List<String> services) {

    public ComposeFile {
        services = List.copyOf(services);
        if (content == null || services.isEmpty()) {
            throw new IllegalArgumentException("a compose file needs content and at least one service");
        }
    }

    /** Parses compose YAML; throws {@link InvalidAppDefinition} naming {@code file} and the line. */
    public static ComposeFile parse(String content, String file) {
        Problems problems = new Problems(file);
        Optional<ComposeFile> compose = read(content, problems);
        if (compose.isEmpty()) {
            throw new InvalidAppDefinition(problems.sorted());
        }
        return compose.get();
    }

    static Optional<ComposeFile> read(String content, Problems problems) {
        var root = YamlDocs.compose(content, problems);
        if (root.isEmpty()) {
            return Optional.empty();
        }
        if (!(root.get() instanceof MappingNode top)) {
            problems.add(root.get(), "", "a compose file is a mapping with a services: key, found "
                    + Nodes.kind(root.get()));
            return Optional.empty();
        }
        for (NodeTuple t : top.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals("services")) {
                return services(t, problems).map(names -> new ComposeFile(content, names));
            }
        }
        problems.add(top, "services", "is required (a compose file lists its services)");
        return Optional.empty();
    }

    private static Optional<List<String>> services(NodeTuple tuple, Problems problems) {
        if (!(tuple.getValueNode() instanceof MappingNode map) || map.getValue().isEmpty()) {
            problems.add(tuple.getValueNode(), "services", tuple.getValueNode() instanceof MappingNode
                    ? "needs at least one service"
                    : "expected a mapping of services, found " + Nodes.kind(tuple.getValueNode()));
            return Optional.empty();
        }
        List<String> names = new ArrayList<>();
        for (NodeTuple t : map.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && !names.contains(k.getValue())) {
                names.add(k.getValue());
            } else {
                problems.add(t.getKeyNode(), "services", "service names must be unique strings");
            }
        }
        return problems.isEmpty() ? Optional.of(names) : Optional.empty();
    }

    /** Whether compose.yaml defines {@code service}. */
    public boolean has(ServiceName service) {
        return services.contains(service.value());
    }

    /**
     * The override YAML that pins each service to an image digest, services sorted by name:
     * <pre>services:\n  web:\n    image: registry.example.com/acme/web@sha256:...\n</pre>
     * Every value comes from validated records, so nothing needs escaping (an IPv6 registry is quoted).
     */
    public static String pinOverride(Map<ServiceName, ImageRef> pins) {
        if (pins.isEmpty()) {
            throw new IllegalArgumentException("a pin override needs at least one service");
        }
        StringBuilder out = new StringBuilder("services:\n");
        new TreeMap<String, ImageRef>(pins.entrySet().stream().collect(java.util.stream.Collectors.toMap(
                e -> e.getKey().value(), Map.Entry::getValue))).forEach((service, image) -> {
                    if (image.digest() == null) {
                        throw new IllegalArgumentException("pin of service " + service + " has no digest: " + image);
                    }
                    String ref = image.repository() + "@" + image.digest();
                    out.append("  ").append(service).append(":\n    image: ")
                            .append(ref.startsWith("[") ? "\"" + ref + "\"" : ref).append('\n');
                });
        return out.toString();
    }
}
