package dev.berth.config;

import dev.berth.domain.Printable;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A semantic version {@code MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]} (semver.org 2.0), with an optional leading
 * {@code v}. Ordered by semver precedence: build metadata is ignored, a pre-release is lower than its release,
 * numeric identifiers compare as numbers and sort before alphanumeric ones.
 */
public record Semver(long major, long minor, long patch, List<String> prerelease) implements Comparable<Semver> {

    static final String NUMBER = "(0|[1-9][0-9]{0,14})";
    private static final String IDENT = "(?:0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*)";
    static final String PRE = "(" + IDENT + "(?:\\." + IDENT + ")*)";
    static final String BUILD = "[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*";
    private static final Pattern GRAMMAR = Pattern.compile(
            "[vV]?" + NUMBER + "\\." + NUMBER + "\\." + NUMBER + "(?:-" + PRE + ")?(?:\\+" + BUILD + ")?");

    public Semver {
        if (major < 0 || minor < 0 || patch < 0) {
            throw new IllegalArgumentException("version numbers cannot be negative");
        }
        prerelease = List.copyOf(prerelease);
    }

    /** The version a tag names, or empty when the tag is not a full semantic version. */
    public static Optional<Semver> parse(String text) {
        Matcher m = text == null ? null : GRAMMAR.matcher(text);
        if (m == null || !m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new Semver(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)),
                Long.parseLong(m.group(3)), m.group(4) == null ? List.of() : List.of(m.group(4).split("\\."))));
    }

    static Semver of(String text) {
        return parse(text).orElseThrow(() -> new IllegalArgumentException("'" + Printable.clip(text)
                + "' is not a semantic version"));
    }

    public boolean isPrerelease() {
        return !prerelease.isEmpty();
    }

    /** Same major, minor and patch. */
    boolean sameTuple(Semver other) {
        return major == other.major && minor == other.minor && patch == other.patch;
    }

    @Override
    public int compareTo(Semver o) {
        int c = Long.compare(major, o.major);
        c = c != 0 ? c : Long.compare(minor, o.minor);
        c = c != 0 ? c : Long.compare(patch, o.patch);
        if (c != 0) {
            return c;
        }
        if (prerelease.isEmpty() || o.prerelease.isEmpty()) {
            return Boolean.compare(prerelease.isEmpty(), o.prerelease.isEmpty());
        }
        for (int i = 0; i < Math.min(prerelease.size(), o.prerelease.size()); i++) {
            c = compareIdentifiers(prerelease.get(i), o.prerelease.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(prerelease.size(), o.prerelease.size());
    }

    private static int compareIdentifiers(String a, String b) {
        boolean an = a.chars().allMatch(Character::isDigit);
        boolean bn = b.chars().allMatch(Character::isDigit);
        if (an && bn) {
            return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
        }
        return an ? -1 : bn ? 1 : a.compareTo(b);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch + (prerelease.isEmpty() ? "" : "-" + String.join(".", prerelease));
    }
}
