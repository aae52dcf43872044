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
    private final DeploymentStore store;
    private final EnvironmentRecords records;
    private final CheckHistory history;
    private final AppConfigErrors configErrors;

    public AppsResource(AppCatalog catalog, DeploymentStore store, EnvironmentRecords records,
            CheckHistory history, AppConfigErrors configErrors) {
        this.history = history;
        this.configErrors = configErrors;
        this.catalog = catalog;
        this.store = store;
        this.records = records;
    }

    /** One environment: what runs (the newest succeeded deployment), the last known-good, what is in flight. */
    public record EnvironmentView(String name, List<String> hosts, String promote, boolean approvalRequired,
            DeploymentView current, DeploymentView latest, Map<String, String> knownGood,
            Map<String, String> waitingApproval, String health, List<Map<String, String>> recentChecks) {
    }

    /**
     * An app; {@code configError} is null, or says why its folder in {@code berth.apps.dir} was refused at the last
     * start (every problem with file and line) while the last valid definition shown here is in use.
     */
    public record AppView(String name, String image, List<String> services, List<EnvironmentView> environments,
            Map<String, String> quarantined, String configError) {
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
                app.environments().stream().map(env -> view(app, env)).toList(), records.quarantined(app.name()),
                configErrors.of(app.name().value()).orElse(null));
    }

    private EnvironmentView view(AppDefinition app, EnvironmentSpec env) {
        List<Deployment> recent = store.list(Optional.of(app.name()), Optional.of(env.name()), 50);
        DeploymentView current = recent.stream().filter(d -> d.status() == DeploymentStatus.SUCCEEDED).findFirst()
                .map(DeploymentView::of).orElse(null);
        DeploymentView latest = recent.stream().findFirst().map(DeploymentView::of).orElse(null);
        Map<String, String> good = records.knownGood(app.name(), env.name()).map(g -> {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("deployment", g.deployment().value());
            m.put("digest", g.digest().value());
            m.put("release", g.release());
            m.put("verifiedAt", g.at().toString());
            return m;
        }).orElse(null);
        Map<String, String> waiting = records.approval(app.name(), env.name()).map(a -> {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("digest", a.digest().value());
            m.put("requestedAt", a.requestedAt().toString());
            m.put("expiresAt", a.expiresAt() == null ? "" : a.expiresAt().toString());
            return m;
        }).orElse(null);
        return new EnvironmentView(env.name().value(), env.hosts().stream().map(HostSpec::ssh).toList(),
                env.promote().name().toLowerCase(), env.approvalRequired(), current, latest, good, waiting,
                history.health(app.name(), env.name()).orElse(current == null ? "none" : "unknown"),
                history.recent(app.name(), env.name()));
    }
}
