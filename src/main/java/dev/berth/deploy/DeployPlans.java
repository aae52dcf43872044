package dev.berth.deploy;

import dev.berth.config.AppCatalog;
import dev.berth.config.AppDefinition;
import dev.berth.config.EnvironmentSpec;
import dev.berth.deploy.DeploymentExecutor.DeployFailed;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;

/** Builds the plan of a deployment from the app's current definition. */
@ApplicationScoped
public class DeployPlans {

    private final AppCatalog catalog;

    public DeployPlans(AppCatalog catalog) {
        this.catalog = catalog;
    }

    public DeployPlan plan(Deployment d) throws DeployFailed {
        AppDefinition app = catalog.find(d.app()).orElseThrow(() -> new DeployFailed("app " + d.app()
                + " is not defined (apps/" + d.app() + "/app.yaml is missing or was removed)"));
        EnvironmentSpec env = app.environment(d.env()).orElseThrow(() -> new DeployFailed("app " + d.app()
                + " has no environment " + d.env() + " (anymore)"));
        return new DeployPlan(app.services(), app.compose().getBytes(StandardCharsets.UTF_8),
                env.hosts().stream().map(h -> new DeployPlan.Host(
                        h.target(), h.root(), h.ssh())).toList());
    }
}
