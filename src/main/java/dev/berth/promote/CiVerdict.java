package dev.berth.promote;

import dev.berth.config.CiGate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a CI gate says about one commit, given the conclusions of its completed workflow runs (workflow name to the
 * latest conclusion GitHub reported). Pure.
 *
 * <p>With named workflows, every one must have concluded {@code success}; one that concluded {@code failure},
 * {@code timed_out} or {@code startup_failure} fails the gate. Without names, any one successful run passes, and
 * a failed run fails the gate only while no run succeeded. Other conclusions ({@code cancelled}, {@code skipped},
 * {@code neutral}, {@code action_required}, {@code stale}) neither pass nor fail: the promotion keeps waiting.
 */
public record CiVerdict(Status status, String reason) {

    /** The three answers of a gate. */
    public enum Status {
        PASSED, WAITING, FAILED
    }

    /** Conclusions that fail a gate. */
    static final Set<String> FAILURES = Set.of("failure", "timed_out", "startup_failure");

    public static CiVerdict of(CiGate gate, String sha, Map<String, String> runs) {
        String commit = gate.repository() + "@" + sha.substring(0, Math.min(12, sha.length()));
        if (gate.workflows().isEmpty()) {
            if (runs.containsValue("success")) {
                return new CiVerdict(Status.PASSED, "a workflow run succeeded for " + commit);
            }
            List<String> failed = failed(runs, runs.keySet());
            return failed.isEmpty()
                    ? new CiVerdict(Status.WAITING, "waiting for CI: no successful workflow run for " + commit + " yet")
                    : new CiVerdict(Status.FAILED, "CI failed for " + commit + ": " + String.join(", ", failed));
        }
        List<String> failed = failed(runs, gate.workflows());
        if (!failed.isEmpty()) {
            return new CiVerdict(Status.FAILED, "CI failed for " + commit + ": " + String.join(", ", failed));
        }
        List<String> missing = new ArrayList<>();
        for (String w : gate.workflows()) {
            if (!"success".equals(runs.get(w))) {
                missing.add(w);
            }
        }
        return missing.isEmpty()
                ? new CiVerdict(Status.PASSED, "workflows " + String.join(", ", gate.workflows()) + " succeeded for "
                        + commit)
                : new CiVerdict(Status.WAITING, "waiting for CI: no successful run of " + String.join(", ", missing)
                        + " for " + commit + " yet");
    }

    /** {@code name (conclusion)} of each of {@code names} whose run failed, sorted. */
    private static List<String> failed(Map<String, String> runs, java.util.Collection<String> names) {
        List<String> out = new ArrayList<>();
        new TreeMap<>(runs).forEach((name, conclusion) -> {
            if (names.contains(name) && FAILURES.contains(conclusion)) {
                out.add(name + " (" + conclusion + ")");
            }
        });
        return out;
    }
}
