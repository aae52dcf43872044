package dev.berth.gitops;

import dev.berth.domain.AppName;
import java.util.Map;
import java.util.TreeMap;

/**
 * The quarantine list of an app in the state repository, {@code state/<app>/_quarantine.yaml}: digests that failed
 * and are not deployed automatically again. The leading underscore keeps it apart from the pin files, since no
 * environment name can start with one. Written by berth on every rollback; informative (Redis holds the live list).
 */
public final class QuarantineFile {

    private QuarantineFile() {
    }

    public static String path(AppName app) {
        return "state/" + app + "/_quarantine.yaml";
    }

    /** Digests (already grammar-checked) in order, with their reasons quoted. */
    public static String render(Map<String, String> quarantine) {
        StringBuilder out = new StringBuilder("""
                # Written by berth on every rollback: digests that failed and are not deployed automatically again
                # until a newer push or an explicit promote (POST .../promote with the digest) lifts the quarantine.
                """);
        if (quarantine.isEmpty()) {
            return out.append("quarantined: []\n").toString();
        }
        out.append("quarantined:\n");
        new TreeMap<>(quarantine).forEach((digest, reason) -> out.append("  - digest: ").append(digest)
                .append("\n    reason: \"").append(reason.replace("\\", "\\\\").replace("\"", "\\\"")
                        .replace("\n", " ")).append("\"\n"));
        return out.toString();
    }
}
