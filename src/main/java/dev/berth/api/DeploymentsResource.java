package dev.berth.api;

import dev.berth.deploy.Deployment;
import dev.berth.deploy.DeploymentStore;
import dev.berth.domain.AppName;
import dev.berth.domain.DeploymentId;
import dev.berth.domain.EnvName;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Deployment history and live logs. Blocking Redis reads: these methods run on worker threads (briefly). */
@Path("/api/v1/deployments")
@Produces(MediaType.APPLICATION_JSON)
public class DeploymentsResource {

    private static final int MAX_LIMIT = 500;

    private final DeploymentStore store;
    private final LogTails tails;

    public DeploymentsResource(DeploymentStore store, LogTails tails) {
        this.store = store;
        this.tails = tails;
    }

    @GET
    public List<DeploymentView> list(@QueryParam("app") String app, @QueryParam("env") String env,
            @QueryParam("limit") @DefaultValue("50") int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiErrors.badRequest("limit must be 1.." + MAX_LIMIT);
        }
        if (env != null && app == null) {
            throw ApiErrors.badRequest("env needs app");
        }
        return store.list(Optional.ofNullable(app).map(a -> parse(() -> new AppName(a))),
                Optional.ofNullable(env).map(e -> parse(() -> new EnvName(e))), limit)
                .stream().map(DeploymentView::of).toList();
    }

    @GET
    @Path("{id}")
    public DeploymentView get(@PathParam("id") String id) {
        return DeploymentView.of(find(id));
    }

    /**
     * The deployment's log as server-sent events, live until the deployment ends; resumable by Last-Event-ID. The
     * request thread returns at once: {@link LogTails} feeds the stream. 429 beyond the stream caps.
     */
    @GET
    @Path("{id}/log")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void log(@PathParam("id") String id, @HeaderParam("Last-Event-ID") String lastEventId,
            @Context SseEventSink sink, @Context Sse sse, @Context ContainerRequestContext request) {
        Deployment d = find(id);
        String after = lastEventId != null && lastEventId.matches("[0-9]{1,20}-[0-9]{1,20}") ? lastEventId : "0";
        tails.open(d.id(), after, sink, sse, Callers.of(request).name()).ifPresent(refused -> {
            throw new WebApplicationException(Response.status(429).type(MediaType.APPLICATION_JSON)
                    .header("Retry-After", "10").entity(Map.of("error", refused)).build());
        });
    }

    private Deployment find(String id) {
        DeploymentId deploymentId = parse(() -> new DeploymentId(id));
        return store.find(deploymentId).orElseThrow(() -> ApiErrors.notFound("no deployment " + id));
    }

    private static <T> T parse(java.util.function.Supplier<T> value) {
        try {
            return value.get();
        } catch (IllegalArgumentException e) {
            throw ApiErrors.badRequest(e.getMessage());
        }
    }
}
