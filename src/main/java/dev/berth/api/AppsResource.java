package dev.berth.api;

import dev.berth.config.AppCatalog;
import dev.berth.config.AppConfigErrors;
import dev.berth.config.AppDefinition;
import dev.berth.config.EnvironmentSpec;
import dev.berth.config.HostSpec;
import dev.berth.deploy.Deployment;
import dev.berth.deploy.DeploymentStatus;
import dev.berth.deploy.DeploymentStore;
import dev.berth.domain.AppName;
import dev.berth.promote.CheckHistory;
import dev.berth.promote.EnvironmentRecords;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Apps, their environments, and what runs where. Blocking Redis reads: worker threads. */
@Path("/api/v1/apps")
@Produces(MediaType.APPLICATION_JSON)
public class AppsResource {

    private final AppCatalog catalog;
    private final EnvironmentRecords records;
    private final EnvironmentViews views;
    private final AppConfigErrors configErrors;

    public AppsResource(AppCatalog catalog, EnvironmentRecords records, EnvironmentViews views,
            AppConfigErrors configErrors) {
        this.views = views;
        this.configErrors = configErrors;
        this.catalog = catalog;
        this.records = records;
    }

    /**
     * An app; {@code configError} is null, or says why its folder in {@code berth.apps.dir} was refused at the last
     * start (every problem with file and line) while the last valid definition shown here is in use.
     */
    public record AppView(String name, String image, List<String> services,
            List<EnvironmentViews.EnvironmentView> environments, Map<String, String> quarantined,
            String configError) {
    }

    @GET
    public List<AppView> list() {
        return catalog.all().stream().map(this::view).toList();
    }

    @GET
    @Path("{app}")
    public AppView get(@PathParam("app") String app) {
        AppName name;
        try {
            name = new AppName(app);
        } catch (IllegalArgumentException e) {
            throw ApiErrors.badRequest(e.getMessage());
        }
        return catalog.find(name).map(this::view).orElseThrow(() -> ApiErrors.notFound("no app " + app));
    }

    private AppView view(AppDefinition app) {
        return new AppView(app.name().value(), app.image().repository(),
                app.services().stream().map(s -> s.value()).toList(),
                app.environments().stream().map(env -> views.view(app, env)).toList(),
                records.quarantined(app.name()), configErrors.of(app.name().value()).orElse(null));
    }

}
