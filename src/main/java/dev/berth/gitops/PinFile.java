package dev.berth.gitops;

import dev.berth.config.ConfigProblem;
import dev.berth.domain.DeploymentId;
import dev.berth.domain.Digest;
import dev.berth.domain.Printable;
import dev.berth.domain.Tag;
import java.io.StringReader;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * A pin file of the state repository ({@code state/<app>/<env>.yaml}) as read back, parsed strictly: a mapping of
 * the keys {@link Pin#toYaml()} writes, {@code digest} required and a valid {@link Digest}, {@code image} (when
 * written) the app's repository. Anything else is refused with file, line and reason, and nothing is deployed.
 *
 * @param digest     the digest that should run
 * @param tag        the tag it was pushed as, or null
 * @param deployment the deployment berth wrote this pin for, or null when a human wrote it
 */
public record PinFile(Digest digest, String tag, DeploymentId deployment) {

    /** Largest pin file read: berth writes a few hundred bytes. */
    static final int MAX_CHARS = 16 * 1024;
    private static final Set<String> KEYS = Set.of("image", "tag", "digest", "release", "deployment", "reason", "at");

    /** A pin file that cannot be used. */
    public static class Invalid extends Exception {
        private final transient ConfigProblem problem;

        Invalid(ConfigProblem problem) {
            super(problem.toString());
            this.problem = problem;
        }

        public ConfigProblem problem() {
            return problem;
        }
    }

    /** Parses {@code text} of {@code file}; {@code repository} is the app's image repository. */
    public static PinFile parse(String text, String file, String repository) throws Invalid {
        if (text.length() > MAX_CHARS) {
            throw new Invalid(new ConfigProblem(file, 0, "", "larger than " + MAX_CHARS / 1024 + " KiB"));
        }
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setMaxAliasesForCollections(0);
            root = new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw new Invalid(new ConfigProblem(file, line, "", "not valid YAML: " + e.getProblem()));
        } catch (YAMLException e) {
            throw new Invalid(new ConfigProblem(file, 0, "", "not valid YAML: " + e.getMessage()));
        }
        if (!(root instanceof MappingNode map)) {
            throw new Invalid(new ConfigProblem(file, root == null ? 0 : line(root), "",
                    "a pin file is a mapping with at least digest: sha256:<64 hex>"));
        }
        String digest = null;
        String tag = null;
        String deployment = null;
        Node digestNode = null;
        for (NodeTuple t : map.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k) || !KEYS.contains(k.getValue())) {
                throw new Invalid(new ConfigProblem(file, line(t.getKeyNode()), "", "unknown key "
                        + (t.getKeyNode() instanceof ScalarNode k2 ? "'" + Printable.clip(k2.getValue()) + "'" : "")
                        + " (a pin file has " + String.join(", ", KEYS.stream().sorted().toList()) + ")"));
            }
            if (!(t.getValueNode() instanceof ScalarNode v)) {
                throw new Invalid(new ConfigProblem(file, line(t.getValueNode()), k.getValue(), "expected a string"));
            }
            String value = v.getValue();
            switch (k.getValue()) {
                case "digest" -> {
                    digest = value;
                    digestNode = v;
                }
                case "tag" -> tag = check(file, v, "tag", () -> new Tag(value).value());
                case "deployment" -> deployment = check(file, v, "deployment", () -> new DeploymentId(value).value());
                case "image" -> {
                    if (!value.equals(repository)) {
                        throw new Invalid(new ConfigProblem(file, line(v), "image", "'" + Printable.clip(value)
                                + "' is not the image of the app (" + repository + ")"));
                    }
                }
                default -> {
                    // release, reason and at are a record for people; berth does not act on them
                }
            }
        }
        if (digest == null) {
            throw new Invalid(new ConfigProblem(file, line(map), "digest", "is required (sha256:<64 hex>)"));
        }
        String d = digest;
        Digest parsed = new Digest(check(file, digestNode, "digest", () -> new Digest(d).value()));
        return new PinFile(parsed, tag, Optional.ofNullable(deployment).map(DeploymentId::new).orElse(null));
    }

    private interface Check {
        String get();
    }

    private static String check(String file, Node node, String key, Check check) throws Invalid {
        try {
            return check.get();
        } catch (IllegalArgumentException e) {
            throw new Invalid(new ConfigProblem(file, line(node), key, e.getMessage()));
        }
    }

    private static int line(Node node) {
        return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }
}
