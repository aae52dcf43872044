package dev.berth.api;

import dev.berth.config.AppCatalog;
import dev.berth.config.AppDefinition;
import dev.berth.domain.AppName;
import dev.berth.domain.Digest;
import dev.berth.promote.EnvironmentRecords;
import dev.berth.reconcile.QuarantineLift;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.logging.Logger;

/** Lifting a quarantine: an admin's override, logged with the admin's identity. */
@Path("/api/v1/apps/{app}/quarantine/{digest}")
@Produces(MediaType.APPLICATION_JSON)
public class QuarantineResource {

    private static final Logger LOG = Logger.getLogger(QuarantineResource.class);

    private final AppCatalog catalog;
    private final EnvironmentRecords records;
    private final QuarantineLift quarantine;

    public QuarantineResource(AppCatalog catalog, EnvironmentRecords records, QuarantineLift quarantine) {
        this.catalog = catalog;
        this.records = records;
        this.quarantine = quarantine;
    }

    @DELETE
    public Response lift(@PathParam("app") String app, @PathParam("digest") String digest,
            @Context ContainerRequestContext request) {
        ApiTokens.Caller admin = Callers.require(request, Role.ADMIN, "lifting a quarantine");
        AppDefinition a;
        Digest d;
        try {
            a = catalog.find(new AppName(app)).orElseThrow(() -> ApiErrors.notFound("no app " + app));
            d = new Digest(digest);
        } catch (IllegalArgumentException e) {
            throw ApiErrors.badRequest(e.getMessage());
        }
        String reason = records.quarantined(a.name(), d).orElseThrow(() -> ApiErrors.notFound(
                d + " is not quarantined in " + a.name()));
        quarantine.lift(a, d);
        LOG.infof("Quarantine of %s in %s lifted by %s (it was: %s)", d, a.name(), admin.name(), reason);
        return Response.ok(Map.of("lifted", d.value(), "app", a.name().value(), "was", reason,
                "by", admin.name())).build();
    }
}
