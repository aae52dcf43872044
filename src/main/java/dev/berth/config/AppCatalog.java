package dev.berth.config;

import dev.berth.domain.AppName;
import dev.berth.domain.ImageRef;
import dev.berth.domain.Tag;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The app definitions in use. A reload parses every {@code apps/<app>/} folder; an invalid folder is refused and
 * the last valid definition of that app keeps running. Readers see an immutable map that a reload swaps whole.
 */
@ApplicationScoped
public class AppCatalog {

    private final AppDefinitionParser parser = new AppDefinitionParser();
    private volatile Map<AppName, AppDefinition> apps = Map.of();

    /** Loads {@code root/apps/*}: valid apps replace their previous definition, removed folders drop their app. */
    public synchronized LoadReport reload(Path root) {
        Path appsDir = root.resolve("apps");
        List<Path> folders;
        try (Stream<Path> list = Files.list(appsDir)) {
            folders = list.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (IOException e) {
            List<ConfigProblem> problem = List.of(new ConfigProblem("apps", 0, "",
                    "missing or unreadable: the state repository holds one folder per app under apps/"));
            return new LoadReport(List.of(), List.of(new LoadReport.Refused("apps", problem, !apps.isEmpty())),
                    List.of());
        }
        Map<AppName, AppDefinition> previous = apps;
        Map<AppName, AppDefinition> next = new TreeMap<>(java.util.Comparator.comparing(AppName::value));
        List<AppDefinition> loaded = new ArrayList<>();
        List<LoadReport.Refused> refused = new ArrayList<>();
        for (Path folder : folders) {
            if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try {
                AppDefinition app = parser.parse(folder);
                next.put(app.name(), app);
                loaded.add(app);
            } catch (InvalidAppDefinition e) {
                Optional<AppName> name = appName(folder);
                boolean kept = name.map(previous::get).map(old -> next.put(old.name(), old) == null).orElse(false);
                refused.add(new LoadReport.Refused("apps/" + folder.getFileName(), e.problems(), kept));
            }
        }
        Map<AppName, List<ConfigProblem>> collisions = ComposeProjects.collisions(loaded, previous.keySet());
        for (Map.Entry<AppName, List<ConfigProblem>> c : collisions.entrySet()) {
            AppDefinition old = previous.get(c.getKey());
            next.remove(c.getKey());
            loaded.removeIf(app -> app.name().equals(c.getKey()));
            boolean kept = old != null && !collides(old, next);
            if (kept) {
                next.put(old.name(), old);
            }
            refused.add(new LoadReport.Refused("apps/" + c.getKey().value(), c.getValue(), kept));
        }
        List<AppName> removed = previous.keySet().stream().filter(n -> !next.containsKey(n))
                .sorted(java.util.Comparator.comparing(AppName::value)).toList();
        apps = java.util.Collections.unmodifiableMap(next);
        return new LoadReport(loaded, refused, removed);
    }

    public Optional<AppDefinition> find(AppName name) {
        return Optional.ofNullable(apps.get(name));
    }

    /** Every app in use, by name. */
    public List<AppDefinition> all() {
        return List.copyOf(apps.values());
    }

    /** The apps whose image is {@code repository} (compared normalized) and whose tag policy accepts {@code tag}. */
    public List<AppDefinition> tracking(ImageRef repository, Tag tag) {
        String repo = repository.repository();
        return apps.values().stream()
                .filter(app -> app.image().repository().equals(repo) && app.track().accepts(tag))
                .toList();
    }

    /** Whether an earlier definition kept in place would share a compose project with another app in use. */
    private static boolean collides(AppDefinition app, Map<AppName, AppDefinition> others) {
        java.util.Set<String> taken = new java.util.HashSet<>();
        others.values().stream().filter(o -> !o.name().equals(app.name()))
                .forEach(o -> o.environments().forEach(e -> taken.add(ComposeProjects.project(o.name(), e))));
        return app.environments().stream().anyMatch(e -> taken.contains(ComposeProjects.project(app.name(), e)));
    }

    private static Optional<AppName> appName(Path folder) {
        try {
            return Optional.of(new AppName(folder.getFileName().toString()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
