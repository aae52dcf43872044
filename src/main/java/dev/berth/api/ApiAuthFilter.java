package dev.berth.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Bearer-token authentication of {@code /api/}, before routing (an unauthenticated caller learns nothing about the
 * API): reading needs viewer, changing (POST, PUT, DELETE) needs deployer.
 * The caller is put on the request as property {@link #CALLER} for audit records.
 */
public class ApiAuthFilter {

    public static final String CALLER = "berth.caller";

    private final ApiTokens tokens;

    public ApiAuthFilter(ApiTokens tokens) {
        this.tokens = tokens;
    }

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> authenticate(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/api/")) {
            return Optional.empty();
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.of(error(401, "missing bearer token (Authorization: Bearer <token>)"));
        }
        Optional<ApiTokens.Caller> caller = tokens.authenticate(header.substring(7).strip());
        if (caller.isEmpty()) {
            return Optional.of(error(401, "unknown token"));
        }
        String method = request.getMethod();
        Role needed = method.equals("GET") || method.equals("HEAD") ? Role.VIEWER : Role.DEPLOYER;
        if (!caller.get().role().includes(needed)) {
            return Optional.of(error(403, "this needs the " + needed.name().toLowerCase() + " role"));
        }
        request.setProperty(CALLER, caller.get());
        return Optional.empty();
    }

    private static Response error(int status, String message) {
        Response.ResponseBuilder r = Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", message));
        if (status == 401) {
            r.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"berth\"");
        }
        return r.build();
    }
}
