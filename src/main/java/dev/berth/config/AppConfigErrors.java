package dev.berth.config;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The app folders refused by the last load of {@code berth.apps.dir} (folder to every problem, one per line), for the
 * API ({@code configError} of an app) and the readiness check's detail.
 */
@ApplicationScoped
public class AppConfigErrors {

    private volatile Map<String, String> refused = Map.of();
    private volatile Map<String, String> where = Map.of();

    /** Replaces what is known with the refusals of {@code report}. */
    public void update(LoadReport report) {
        Map<String, String> next = new TreeMap<>();
        Map<String, String> locations = new TreeMap<>();
        for (LoadReport.Refused r : report.refused()) {
            locations.put(r.folder(), (r.keptPrevious() ? "last valid definition in use; " : "not loaded; ")
                    + r.problems().stream().map(p -> p.file() + (p.line() > 0 ? ":" + p.line() : ""))
                    .distinct().collect(Collectors.joining(", ")));
            next.put(r.folder(), (r.keptPrevious() ? "refused, the last valid definition is in use: "
                    : "refused, not loaded: ") + r.problems().stream().map(ConfigProblem::toString)
                    .collect(Collectors.joining("; ")));
        }
        refused = Map.copyOf(next);
        where = Map.copyOf(locations);
    }

    /** Refused folders to where the problems are (file:line only, no message: readiness is unauthenticated). */
    public Map<String, String> locations() {
        return where;
    }

    /** Refused folders ({@code apps/<app>}) to what is wrong. */
    public Map<String, String> all() {
        return refused;
    }

    /** What is wrong with the folder of {@code app}, when it was refused. */
    public Optional<String> of(String app) {
        return Optional.ofNullable(refused.get("apps/" + app));
    }
}
