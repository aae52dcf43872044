package dev.berth.api;

import dev.berth.gitops.ReviewConfig;
import dev.berth.gitops.ReviewMode;
import dev.berth.gitops.ReviewedByApi;
import dev.berth.gitops.StateRepositoryService;
import dev.berth.gitops.StateSync;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The state repository's review marker moved by an admin: {@code POST /api/v1/state/reviewed {"sha": "<commit>"}}
 * (marker review mode). Needs the {@code admin} role; the marker is shared by every replica (Redis) and the state
 * repository is synced at once.
 */
@Path("/api/v1/state")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class StateResource {

    private static final Logger LOG = Logger.getLogger(StateResource.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ReviewedByApi reviewed;
    private final ReviewConfig review;
    private final StateRepositoryService state;
    private final StateSync sync;

    public StateResource(ReviewedByApi reviewed, ReviewConfig review, StateRepositoryService state, StateSync sync) {
        this.reviewed = reviewed;
        this.review = review;
        this.state = state;
        this.sync = sync;
    }

    @POST
    @Path("reviewed")
    public Response markReviewed(String raw, @Context ContainerRequestContext request) {
        Object c = request.getProperty(ApiAuthFilter.CALLER);
        if (!(c instanceof ApiTokens.Caller caller) || !caller.role().includes(Role.ADMIN)) {
            return Response.status(403).entity(Map.of("error", "this needs the admin role")).build();
        }
        if (review.mode() != ReviewMode.MARKER) {
            throw ApiErrors.conflict("berth.state.review.mode is " + review.mode().wire()
                    + ": a reviewed marker is used in marker mode only");
        }
        String sha;
        try {
            JsonNode body = raw == null || raw.isBlank() ? null : JSON.readTree(raw);
            sha = body == null || !body.path("sha").isTextual() ? null : body.get("sha").asText();
        } catch (java.io.IOException e) {
            throw ApiErrors.badRequest("the body must be a JSON object {\"sha\": \"<40 hex commit id>\"}");
        }
        ReviewedByApi.Marked m;
        try {
            m = reviewed.mark(sha, caller.name());
        } catch (IllegalArgumentException e) {
            throw ApiErrors.badRequest(e.getMessage() + ": {\"sha\": \"<40 hex commit id>\"}");
        }
        LOG.warnf("State repository commit %s marked reviewed by %s through the API", m.sha(), m.by());
        if (state.enabled()) {
            sync.sync("marked reviewed by " + m.by());
        }
        return Response.ok(Map.of("sha", m.sha(), "by", m.by(), "at", m.at(),
                "applied", sync.synced().orElse(""))).build();
    }
}
