package dev.berth.notify;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/** Text helpers shared by the renderers: fitting into a sink's limits, masking credentials. */
final class Text {

    /** {@code scheme://user:password@} — the password part is masked. */
    private static final Pattern URL_USERINFO = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://[^\\s/:@]*):[^\\s/@]+@");

    private Text() {
    }

    /** Masks passwords and tokens written as URL user-info. */
    static String redact(String s) {
        return s == null ? null : URL_USERINFO.matcher(s).replaceAll("$1:***@");
    }

    /**
     * {@code s} cut to at most {@code max} characters, with a marker saying how much was cut. Never splits a
     * surrogate pair. Null stays null.
     */
    static String clip(String s, int max) {
        if (s == null || s.length() <= max) {
            return s;
        }
        String marker = "\n… (" + (s.length() - max) + " more characters)";
        int keep = Math.max(0, max - marker.length() - 6);
        if (keep > 0 && Character.isHighSurrogate(s.charAt(keep - 1))) {
            keep--;
        }
        String out = s.substring(0, keep) + "\n… (" + (s.length() - keep) + " more characters)";
        return out.length() <= max ? out : out.substring(0, max);
    }

    /** Escapes {@code s} and clips it so that the escaped text is at most {@code max} characters. */
    static String escapeAndClip(String s, int max, UnaryOperator<String> escape) {
        if (s == null) {
            return null;
        }
        int budget = max;
        String out = escape.apply(clip(s, budget));
        while (out.length() > max && budget > 0) {
            budget = Math.max(0, budget - (out.length() - max));
            out = escape.apply(clip(s, budget));
        }
        return out;
    }

    /** One line, at most {@code max} characters (titles, field values). */
    static String line(String s, int max) {
        if (s == null) {
            return null;
        }
        String one = s.replaceAll("[\\r\\n\\t]+", " ").strip();
        if (one.length() <= max) {
            return one;
        }
        int keep = max - 1;
        if (Character.isHighSurrogate(one.charAt(keep - 1))) {
            keep--;
        }
        return one.substring(0, keep) + "…";
    }

    static String sha256Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
