package dev.berth.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

/**
 * A seeded mutation fuzzer for text documents (JSON payloads, YAML files). Each call takes a valid seed document and
 * returns a mutant: JSON-aware (a node replaced by a value of another type, removed, or wrapped in deep nesting) or
 * byte-level (flips, cuts, duplicated ranges, spliced tokens). The same seed gives the same sequence, so a failure
 * names the seed and iteration that reproduce it.
 */
public final class Mutator {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] TOKENS = {"{", "}", "[", "]", "\"", ",", ":", "\\", "\\u0000", "\\ud800", "null",
        "true", "-", "1e999999", "-0", "0x1F", "NaN", "9".repeat(400), "\u0000", "\uFEFF", "\n", "\t", "&a", "*a",
        "!!binary", "<<: *a", "- ", ": ", "|", ">", "#", "'", "%", "@", "~", "\u202e", "sha256:", "../", "${x}"};

    private final Random random;

    public Mutator(long seed) {
        this.random = new Random(seed);
    }

    public Random random() {
        return random;
    }

    /** One mutant of {@code seed}; {@code json} allows tree mutations. */
    public byte[] mutate(byte[] seed, boolean json) {
        int strategy = random.nextInt(json ? 4 : 2);
        if (strategy >= 2) {
            try {
                JsonNode tree = JSON.readTree(seed);
                if (tree != null && tree.isContainerNode()) {
                    return JSON.writeValueAsBytes(strategy == 2 ? replaceNodes(tree) : nest(tree));
                }
            } catch (IOException e) {
                // not JSON (an earlier mutant): fall back to bytes
            }
        }
        return strategy == 0 ? bytes(seed) : tokens(seed);
    }

    private byte[] bytes(byte[] seed) {
        byte[] out = seed.clone();
        int n = 1 + random.nextInt(8);
        for (int i = 0; i < n && out.length > 0; i++) {
            int at = random.nextInt(out.length);
            switch (random.nextInt(4)) {
                case 0 -> out[at] ^= (byte) (1 << random.nextInt(8));
                case 1 -> out[at] = (byte) random.nextInt(256);
                case 2 -> out = java.util.Arrays.copyOf(out, at);
                default -> {
                    int len = Math.min(out.length - at, 1 + random.nextInt(64));
                    byte[] grown = new byte[out.length + len];
                    System.arraycopy(out, 0, grown, 0, at + len);
                    System.arraycopy(out, at, grown, at + len, out.length - at);
                    out = grown;
                }
            }
        }
        return out;
    }

    private byte[] tokens(byte[] seed) {
        String text = new String(seed, StandardCharsets.UTF_8);
        int n = 1 + random.nextInt(6);
        for (int i = 0; i < n; i++) {
            int at = text.isEmpty() ? 0 : random.nextInt(text.length());
            String token = TOKENS[random.nextInt(TOKENS.length)];
            text = random.nextBoolean() ? text.substring(0, at) + token + text.substring(at)
                    : text.substring(0, at) + token + text.substring(Math.min(text.length(), at + token.length()));
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private JsonNode replaceNodes(JsonNode tree) {
        List<JsonNode> containers = new ArrayList<>();
        collect(tree, containers);
        int n = 1 + random.nextInt(4);
        for (int i = 0; i < n; i++) {
            JsonNode c = containers.get(random.nextInt(containers.size()));
            if (c instanceof ObjectNode o && o.size() > 0) {
                List<String> names = new ArrayList<>();
                o.fieldNames().forEachRemaining(names::add);
                String name = names.get(random.nextInt(names.size()));
                if (random.nextInt(5) == 0) {
                    o.remove(name);
                } else {
                    o.set(name, value(containers));
                }
            } else if (c instanceof ArrayNode a && a.size() > 0) {
                a.set(random.nextInt(a.size()), value(containers));
            }
        }
        return tree;
    }

    private JsonNode nest(JsonNode tree) {
        JsonNode inner = tree;
        int depth = 1 + random.nextInt(random.nextBoolean() ? 50 : 1500);
        for (int i = 0; i < depth; i++) {
            inner = random.nextBoolean() ? NODES.arrayNode().add(inner) : NODES.objectNode().set("a", inner);
        }
        return tree instanceof ObjectNode o && o.size() > 0 ? replaceFirst(o, inner) : inner;
    }

    private static JsonNode replaceFirst(ObjectNode o, JsonNode value) {
        String first = o.fieldNames().next();
        o.set(first, value);
        return o;
    }

    private JsonNode value(List<JsonNode> containers) {
        return switch (random.nextInt(14)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(random.nextBoolean());
            case 2 -> NODES.numberNode(random.nextLong());
            case 3 -> NODES.numberNode(random.nextDouble() * 1e308);
            case 4 -> NODES.numberNode(new java.math.BigInteger("9".repeat(1 + random.nextInt(900))));
            case 5 -> NODES.textNode("");
            case 6 -> NODES.textNode("x".repeat(random.nextInt(100_000)));
            case 7 -> NODES.textNode(TOKENS[random.nextInt(TOKENS.length)]);
            case 8 -> NODES.textNode("sha256:" + "0123456789abcdef".repeat(4));
            case 9 -> NODES.textNode(randomText());
            case 10 -> NODES.arrayNode();
            case 11 -> NODES.objectNode();
            case 12 -> NODES.textNode("registry.example.com:5000/a/b:1.0.0@sha256:" + "a".repeat(64));
            default -> containers.get(random.nextInt(containers.size())).deepCopy();
        };
    }

    private String randomText() {
        StringBuilder b = new StringBuilder();
        int n = random.nextInt(40);
        for (int i = 0; i < n; i++) {
            b.appendCodePoint(random.nextInt(4) == 0 ? random.nextInt(0x10FFFF + 1) : 32 + random.nextInt(95));
        }
        return b.toString().replaceAll("[\\uD800-\\uDFFF]", "?");
    }

    private static void collect(JsonNode node, List<JsonNode> out) {
        if (node.isContainerNode()) {
            out.add(node);
            for (Iterator<JsonNode> it = node.elements(); it.hasNext();) {
                collect(it.next(), out);
            }
        }
    }
}
