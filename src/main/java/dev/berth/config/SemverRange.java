package dev.berth.config;

import dev.berth.domain.Printable;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An npm-style semver range: comparators {@code >= > <= < =}, space = AND, {@code ||} = OR, caret {@code ^1.2.3},
 * tilde {@code ~1.2}, x-ranges {@code 1.x} / {@code 1.2.*} / {@code 1}, hyphen ranges {@code 1.2.3 - 2.3.4}, optional
 * {@code v}. Each form is rewritten into plain comparators exactly as node-semver does ({@code ^1.2.3} is
 * {@code >=1.2.3 <2.0.0-0}). A pre-release version satisfies a comparator set only when the set passes and one of
 * its comparators names a pre-release of the same major.minor.patch (npm's rule, without includePrerelease).
 */
public record SemverRange(String source, List<List<Bound>> alternatives) {

    private static final int MAX_LENGTH = 256;
    private static final String PART = "(x|X|\\*|0|[1-9][0-9]{0,14})";
    private static final String PARTIAL = "[vV=]?" + PART + "(?:\\." + PART + "(?:\\." + PART + "(?:-" + Semver.PRE
            + ")?(?:\\+" + Semver.BUILD + ")?)?)?";
    private static final Pattern TOKEN = Pattern.compile("(<=|>=|<|>|=|\\^|~>|~)?" + PARTIAL);
    private static final Pattern HYPHEN = Pattern.compile("(\\S+)\\s+-\\s+(\\S+)");
    private static final Pattern SPACE_AFTER_OPERATOR = Pattern.compile("(<=|>=|<|>|=|\\^|~>|~)\\s+");

    /** One comparator; {@code ANY} matches every version (and no pre-release by itself). */
    public record Bound(Op op, Semver version) {
        boolean test(Semver v) {
            int c = op == Op.ANY ? 0 : v.compareTo(version);
            return switch (op) {
                case ANY -> true;
                case LT -> c < 0;
                case LE -> c <= 0;
                case GT -> c > 0;
                case GE -> c >= 0;
                case EQ -> c == 0;
            };
        }
    }

    /** Comparator operators. */
    public enum Op { ANY, LT, LE, GT, GE, EQ }

    public SemverRange {
        alternatives = alternatives.stream().map(List::copyOf).toList();
    }

    /** Parses a range; throws {@link IllegalArgumentException} naming the part that is not understood. */
    public static SemverRange parse(String text) {
        if (text == null || text.isBlank() || text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("a semver range must have 1 to " + MAX_LENGTH + " characters");
        }
        List<List<Bound>> alternatives = new ArrayList<>();
        for (String alternative : text.split("\\|\\|", -1)) {
            alternatives.add(parseSet(alternative.trim()));
        }
        return new SemverRange(text, alternatives);
    }

    /** Whether {@code version} is in the range, with npm's pre-release rule. */
    public boolean test(Semver version) {
        return alternatives.stream().anyMatch(set -> testSet(set, version));
    }

    private static boolean testSet(List<Bound> set, Semver v) {
        if (!set.stream().allMatch(b -> b.test(v))) {
            return false;
        }
        return !v.isPrerelease() || set.stream().anyMatch(b -> b.op() != Op.ANY && b.version().isPrerelease()
                && b.version().sameTuple(v));
    }

    private static List<Bound> parseSet(String set) {
        List<Bound> out = new ArrayList<>();
        if (set.isEmpty()) {
            out.add(new Bound(Op.ANY, null));
            return out;
        }
        Matcher hyphen = HYPHEN.matcher(set);
        if (hyphen.matches()) {
            Desugar.hyphen(partial(hyphen.group(1), set), partial(hyphen.group(2).trim(), set), out);
            return out;
        }
        for (String token : SPACE_AFTER_OPERATOR.matcher(set).replaceAll("$1").split("\\s+")) {
            Matcher m = TOKEN.matcher(token);
            if (!m.matches()) {
                throw new IllegalArgumentException(notUnderstood(token));
            }
            Desugar.comparator(m.group(1) == null ? "" : m.group(1), Partial.of(m, 2), out);
        }
        return out;
    }

    private static Partial partial(String text, String context) {
        Matcher m = TOKEN.matcher(text);
        if (!m.matches() || m.group(1) != null) {
            throw new IllegalArgumentException(notUnderstood(context));
        }
        return Partial.of(m, 2);
    }

    private static String notUnderstood(String part) {
        return "'" + Printable.clip(part) + "' is not a semver range (e.g. >=1.2.0 <2.0.0, ^1.2.3, ~1.2, 1.x, "
                + "1.2.3 - 1.4.0, joined with ||)";
    }

    @Override
    public String toString() {
        return source;
    }
}
