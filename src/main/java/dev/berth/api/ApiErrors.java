package dev.berth.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** JSON error answers of the API. */
final class ApiErrors {

    private ApiErrors() {
    }

    static WebApplicationException badRequest(String message) {
        return new WebApplicationException(json(400, message));
    }

    static WebApplicationException notFound(String message) {
        return new WebApplicationException(json(404, message));
    }

    static WebApplicationException forbidden(String message) {
        return new WebApplicationException(json(403, message));
    }

    static WebApplicationException conflict(String message) {
        return new WebApplicationException(json(409, message));
    }

    static Response json(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(Map.of("error", message)).build();
    }
}
