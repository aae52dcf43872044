package dev.berth.domain;

/** Makes untrusted values safe to quote in error messages and logs: short, no control characters. */
public final class Printable {

    private static final int MAX = 80;

    private Printable() {
    }

    public static String clip(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(Math.min(value.length(), MAX + 3));
        for (int i = 0; i < value.length() && i < MAX; i++) {
            char c = value.charAt(i);
            out.append(Character.isISOControl(c) ? '?' : c);
        }
        if (value.length() > MAX) {
            out.append("...");
        }
        return out.toString();
    }
}
