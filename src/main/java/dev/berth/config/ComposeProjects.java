package dev.berth.config;

import dev.berth.domain.AppName;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps compose project names unique across the catalog. The host agent names an environment's stack
 * {@code <app>-<env>} (what hosts already run), and both parts may hold {@code -}, so {@code shop-api}/{@code prod}
 * and {@code shop}/{@code api-prod} would share the project {@code shop-api-prod}: compose's
 * {@code --remove-orphans} of one app would remove the other's containers. The app that claims a taken project is
 * refused, naming the app that holds it.
 */
final class ComposeProjects {

    private ComposeProjects() {
    }

    /** The project the agent gives {@code app}'s environment {@code env} ({@code PROJECT=$app-$env}). */
    static String project(AppName app, EnvironmentSpec env) {
        return app.value() + "-" + env.name().value();
    }

    /**
     * Splits {@code candidates} into accepted and refused apps. Apps of the {@code previous} catalog claim first
     * (a newly pushed app cannot evict one that runs), then by name; an app is refused when one of its
     * environments' projects belongs to an app claimed before it.
     */
    static Map<AppName, List<ConfigProblem>> collisions(List<AppDefinition> candidates, Set<AppName> previous) {
        List<AppDefinition> order = new ArrayList<>(candidates);
        order.sort(Comparator.comparing((AppDefinition a) -> previous.contains(a.name()) ? 0 : 1)
                .thenComparing(a -> a.name().value()));
        Map<String, String> owners = new HashMap<>();
        Map<AppName, List<ConfigProblem>> refused = new HashMap<>();
        for (AppDefinition app : order) {
            List<ConfigProblem> problems = new ArrayList<>();
            for (int i = 0; i < app.environments().size(); i++) {
                EnvironmentSpec env = app.environments().get(i);
                String owner = owners.get(project(app.name(), env));
                if (owner != null) {
                    problems.add(new ConfigProblem("apps/" + app.name().value() + "/app.yaml", 0,
                            "environments[" + i + "].name", "compose project '" + project(app.name(), env)
                            + "' of " + app.name().value() + "/" + env.name().value() + " is already the project of "
                            + owner + ": on a shared host compose --remove-orphans would remove the other app's"
                            + " containers; rename this app or environment"));
                }
            }
            if (problems.isEmpty()) {
                app.environments().forEach(env -> owners.put(project(app.name(), env),
                        app.name().value() + "/" + env.name().value()));
            } else {
                refused.put(app.name(), problems);
            }
        }
        return refused;
    }
}
