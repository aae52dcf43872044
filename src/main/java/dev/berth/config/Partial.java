package dev.berth.config;

import java.util.List;
import java.util.regex.Matcher;

/** A possibly partial version of a range ({@code 1}, {@code 1.2.x}, {@code 1.2.3-rc.1}); null parts are wildcards. */
record Partial(Long major, Long minor, Long patch, List<String> pre) {

    static Partial of(Matcher m, int first) {
        return new Partial(number(m.group(first)), number(m.group(first + 1)), number(m.group(first + 2)),
                m.group(first + 3) == null ? List.of() : List.of(m.group(first + 3).split("\\.")));
    }

    private static Long number(String part) {
        return part == null || part.equals("x") || part.equals("X") || part.equals("*") ? null : Long.valueOf(part);
    }

    boolean anyMajor() {
        return major == null;
    }

    boolean anyMinor() {
        return major == null || minor == null;
    }

    boolean anyPatch() {
        return anyMinor() || patch == null;
    }

    /** The full version this partial names (wildcards as 0). */
    Semver floor() {
        return new Semver(zero(major), zero(minor), zero(patch), pre);
    }

    private static long zero(Long n) {
        return n == null ? 0 : n;
    }
}
