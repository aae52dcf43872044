package dev.berth.api;

import jakarta.ws.rs.container.ContainerRequestContext;

/** The authenticated caller of an API request ({@link ApiAuthFilter}) and the role checks of single endpoints. */
public final class Callers {

    private Callers() {
    }

    /** The caller {@link ApiAuthFilter} put on the request. */
    public static ApiTokens.Caller of(ContainerRequestContext request) {
        Object c = request.getProperty(ApiAuthFilter.CALLER);
        if (c instanceof ApiTokens.Caller caller) {
            return caller;
        }
        throw new IllegalStateException("no authenticated caller on an /api request");
    }

    /** 403 unless the caller's role includes {@code role}; {@code what} says what needed it. */
    public static ApiTokens.Caller require(ContainerRequestContext request, Role role, String what) {
        ApiTokens.Caller caller = of(request);
        if (!caller.role().includes(role)) {
            throw ApiErrors.forbidden(what + " needs the " + role.name().toLowerCase(java.util.Locale.ROOT)
                    + " role");
        }
        return caller;
    }
}
