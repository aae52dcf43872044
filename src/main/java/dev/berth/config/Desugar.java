package dev.berth.config;

import dev.berth.config.SemverRange.Bound;
import dev.berth.config.SemverRange.Op;
import java.util.List;

/** Rewrites caret, tilde, x-range and hyphen forms into plain comparators, following node-semver. */
final class Desugar {

    private Desugar() {
    }

    static void comparator(String op, Partial p, List<Bound> out) {
        switch (op) {
            case "^" -> caret(p, out);
            case "~", "~>" -> tilde(p, out);
            default -> xRange(op, p, out);
        }
    }

    private static void caret(Partial p, List<Bound> out) {
        if (p.anyMajor()) {
            out.add(new Bound(Op.ANY, null));
        } else if (p.anyMinor()) {
            between(v(p.major(), 0, 0), v(p.major() + 1, 0, 0), out);
        } else if (p.anyPatch()) {
            between(v(p.major(), p.minor(), 0), p.major() == 0 ? v(0, p.minor() + 1, 0) : v(p.major() + 1, 0, 0), out);
        } else {
            Semver upper = p.major() != 0 ? v(p.major() + 1, 0, 0)
                    : p.minor() != 0 ? v(0, p.minor() + 1, 0) : v(0, 0, p.patch() + 1);
            between(p.floor(), upper, out);
        }
    }

    private static void tilde(Partial p, List<Bound> out) {
        if (p.anyMajor()) {
            out.add(new Bound(Op.ANY, null));
        } else if (p.anyMinor()) {
            between(v(p.major(), 0, 0), v(p.major() + 1, 0, 0), out);
        } else {
            between(p.floor(), v(p.major(), p.minor() + 1, 0), out);
        }
    }

    private static void xRange(String op, Partial p, List<Bound> out) {
        if (op.equals("=")) {
            op = "";
        }
        if (p.anyMajor()) {
            out.add(op.equals("<") || op.equals(">") ? new Bound(Op.LT, preZero(0, 0, 0)) : new Bound(Op.ANY, null));
        } else if (!p.anyPatch()) {
            out.add(new Bound(op(op), p.floor()));
        } else if (op.isEmpty()) {
            between(p.floor(), p.anyMinor() ? v(p.major() + 1, 0, 0) : v(p.major(), p.minor() + 1, 0), out);
        } else if (op.equals(">")) {
            out.add(new Bound(Op.GE, p.anyMinor() ? v(p.major() + 1, 0, 0) : v(p.major(), p.minor() + 1, 0)));
        } else if (op.equals("<=")) {
            out.add(new Bound(Op.LT, p.anyMinor()
                    ? preZero(p.major() + 1, 0, 0) : preZero(p.major(), p.minor() + 1, 0)));
        } else if (op.equals("<")) {
            out.add(new Bound(Op.LT, preZero(p.major(), p.anyMinor() ? 0 : p.minor(), 0)));
        } else {
            out.add(new Bound(Op.GE, p.floor()));
        }
    }

    static void hyphen(Partial from, Partial to, List<Bound> out) {
        if (!from.anyMajor()) {
            out.add(new Bound(Op.GE, from.floor()));
        }
        if (to.anyMajor()) {
            if (from.anyMajor()) {
                out.add(new Bound(Op.ANY, null));
            }
        } else if (to.anyMinor()) {
            out.add(new Bound(Op.LT, preZero(to.major() + 1, 0, 0)));
        } else if (to.anyPatch()) {
            out.add(new Bound(Op.LT, preZero(to.major(), to.minor() + 1, 0)));
        } else {
            out.add(new Bound(Op.LE, to.floor()));
        }
    }

    /** {@code >=lower <upper-0}: the {@code -0} keeps pre-releases of the upper bound out. */
    private static void between(Semver lower, Semver upper, List<Bound> out) {
        out.add(new Bound(Op.GE, lower));
        out.add(new Bound(Op.LT, preZero(upper.major(), upper.minor(), upper.patch())));
    }

    private static Op op(String op) {
        return switch (op) {
            case "<" -> Op.LT;
            case "<=" -> Op.LE;
            case ">" -> Op.GT;
            case ">=" -> Op.GE;
            default -> Op.EQ;
        };
    }

    private static Semver v(long major, long minor, long patch) {
        return new Semver(major, minor, patch, List.of());
    }

    private static Semver preZero(long major, long minor, long patch) {
        return new Semver(major, minor, patch, List.of("0"));
    }
}
