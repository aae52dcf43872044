package dev.berth.config;

import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads one YAML document into SnakeYAML's node tree, which keeps the line of every value. Nothing is constructed
 * into Java objects, so no YAML tag can instantiate a class; aliases, nesting and size are bounded.
 */
final class YamlDocs {

    /** Largest app.yaml or compose.yaml accepted: real ones are a few kilobytes. */
    static final int MAX_CHARS = 512 * 1024;
    /** Aliases per document: enough for shared check lists, too few for a "billion laughs" expansion. */
    private static final int MAX_ALIASES = 50;
    /** Deepest nesting accepted. */
    private static final int MAX_DEPTH = 40;

    private YamlDocs() {
    }

    /** The root node, or empty after adding a problem (not YAML, several documents, empty file). */
    static Optional<Node> compose(String text, Problems problems) {
        if (text.length() > MAX_CHARS) {
            problems.add(0, "", "file is larger than " + MAX_CHARS / 1024 + " KiB");
            return Optional.empty();
        }
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setAllowRecursiveKeys(false);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setCodePointLimit(MAX_CHARS * 4);
        options.setAllowDuplicateKeys(false);
        try {
            Node root = new Yaml(options).compose(new java.io.StringReader(text));
            if (root == null) {
                problems.add(0, "", "file is empty");
            }
            return Optional.ofNullable(root);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            problems.add(mark == null ? 0 : mark.getLine() + 1, "", "not valid YAML: " + describe(e));
            return Optional.empty();
        } catch (YAMLException e) {
            problems.add(0, "", "not valid YAML: " + e.getMessage());
            return Optional.empty();
        }
    }

    private static String describe(MarkedYAMLException e) {
        String problem = e.getProblem() == null ? "" : e.getProblem();
        if (problem.contains("'\\t'") || problem.contains("\\t(TAB)")) {
            return "tab character; YAML indentation must use spaces";
        }
        String context = e.getContext();
        return context == null || context.isBlank() ? problem : problem + " (" + context + ")";
    }
}
