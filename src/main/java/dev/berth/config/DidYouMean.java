package dev.berth.config;

import java.util.List;
import java.util.Locale;

/** Suggests the known key closest to a typo, so {@code bodycontain} points at {@code bodyContains}. */
final class DidYouMean {

    private DidYouMean() {
    }

    static String unknownKey(String key, List<String> known) {
        String best = closest(key, known);
        return best != null
                ? "unknown key, did you mean '" + best + "'?"
                : "unknown key (expected one of: " + String.join(", ", known) + ")";
    }

    /** The known word within a small edit distance (case-insensitive), or null. */
    static String closest(String word, List<String> known) {
        String lower = word.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(lower, k.toLowerCase(Locale.ROOT));
            int limit = Math.max(1, Math.min(3, k.length() / 3));
            if (d <= limit && d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return best;
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
