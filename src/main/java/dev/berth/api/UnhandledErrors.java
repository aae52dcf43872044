package dev.berth.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The answer to any exception no resource turned into an answer itself: status and a generic message, never a class
 * name, a stack trace or an exception message (they may quote input or internals). A 500 carries an error id that is
 * logged with the exception, so an operator finds the cause.
 */
public class UnhandledErrors {

    private static final Logger LOG = Logger.getLogger(UnhandledErrors.class);

    @ServerExceptionMapper
    public Response map(Throwable e) {
        if (e instanceof WebApplicationException w) {
            int status = w.getResponse().getStatus();
            if (w.getResponse().hasEntity() || status < 400) {
                return w.getResponse();
            }
            return answer(status, Response.Status.fromStatusCode(status) == null ? "request refused"
                    : Response.Status.fromStatusCode(status).getReasonPhrase().toLowerCase(java.util.Locale.ROOT));
        }
        String id = UUID.randomUUID().toString();
        LOG.errorf(e, "Unhandled error %s", id);
        return answer(500, "internal error " + id + " (see berth's log)");
    }

    private static Response answer(int status, String error) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(Map.of("error", error)).build();
    }
}
