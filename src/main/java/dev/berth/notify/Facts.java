package dev.berth.notify;

import java.util.LinkedHashMap;
import java.util.Map;

/** The labelled values every sink shows for a notification: the identifiers first, then the caller's facts. */
final class Facts {

    private Facts() {
    }

    static Map<String, String> of(Notification n) {
        Map<String, String> all = new LinkedHashMap<>();
        put(all, "App", n.app());
        put(all, "Environment", n.env());
        put(all, "Tag", n.tag());
        put(all, "Digest", n.digest() == null ? null : shortDigest(n.digest()));
        put(all, "Release", n.releaseId());
        put(all, "Deployment", n.deploymentId());
        n.facts().forEach((k, v) -> all.putIfAbsent(k, v));
        return all;
    }

    /** {@code sha256:} and the first 12 hex characters, as {@code docker images} shows it. */
    static String shortDigest(String digest) {
        return digest.substring(0, "sha256:".length() + 12);
    }

    private static void put(Map<String, String> m, String k, String v) {
        if (v != null) {
            m.put(k, v);
        }
    }
}
