package dev.berth.config;

import dev.berth.domain.AppName;
import java.util.List;

/**
 * The outcome of one catalog reload.
 *
 * @param loaded  apps parsed and now in use
 * @param refused app folders that were not valid, each with every problem found
 * @param removed apps whose folder is gone, dropped from the catalog
 */
public record LoadReport(List<AppDefinition> loaded, List<Refused> refused, List<AppName> removed) {

    /**
     * A refused folder ({@code apps/web}, or {@code apps} when the folder itself is missing).
     *
     * @param keptPrevious the last valid definition of this app stays in use
     */
    public record Refused(String folder, List<ConfigProblem> problems, boolean keptPrevious) {

        public Refused {
            problems = List.copyOf(problems);
        }
    }

    public LoadReport {
        loaded = List.copyOf(loaded);
        refused = List.copyOf(refused);
        removed = List.copyOf(removed);
    }

    /** Whether every app folder was valid. */
    public boolean ok() {
        return refused.isEmpty();
    }

    /** One line for the log: counts, then each refused folder's problems. */
    public String summary() {
        StringBuilder out = new StringBuilder(loaded.size() + " app(s) loaded, " + refused.size() + " refused, "
                + removed.size() + " removed");
        for (Refused r : refused) {
            out.append("\n  ").append(r.folder()).append(r.keptPrevious() ? " (previous definition kept):" : ":");
            r.problems().forEach(p -> out.append("\n    ").append(p));
        }
        return out.toString();
    }
}
