package dev.berth.webhook;

import dev.berth.events.Event;
import dev.berth.events.EventStore;
import dev.berth.events.EventStore.StoreUnavailable;
import dev.berth.events.IngestResult;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The common end of every webhook endpoint: stores the normalized events and turns the result into the answer.
 * A 2xx is only answered once every event of the delivery is in Redis; if Redis cannot store them the answer is 503
 * with Retry-After, and the sender's retry is de-duplicated per event.
 */
@ApplicationScoped
public class WebhookIngest {

    private static final Logger LOG = Logger.getLogger(WebhookIngest.class);
    static final String RETRY_AFTER_SECONDS = "5";

    private final EventStore store;
    private final WebhookMetrics metrics;

    public WebhookIngest(EventStore store, WebhookMetrics metrics) {
        this.store = store;
        this.metrics = metrics;
    }

    /** Stores all events of one delivery; answers 202 queued, 200 duplicate when all were seen, or 503. */
    public Uni<Response> store(String source, String event, List<Event> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(ignored(source, event, "no event berth acts on"));
        }
        Uni<List<IngestResult>> all = Uni.createFrom().item(new ArrayList<>());
        for (Event e : events) {
            all = all.chain(results -> store.append(e).map(r -> {
                results.add(r);
                return results;
            }));
        }
        return all.map(results -> {
            long stored = results.stream().filter(r -> !r.duplicate()).count();
            Map<String, Object> body = new LinkedHashMap<>();
            if (stored == 0) {
                metrics.count(source, event, Outcome.DUPLICATE);
                body.put("outcome", Outcome.DUPLICATE.tag());
                body.put("duplicate", true);
                return json(Outcome.DUPLICATE.status(), body);
            }
            metrics.count(source, event, Outcome.QUEUED);
            body.put("outcome", Outcome.QUEUED.tag());
            body.put("queued", stored);
            body.put("duplicates", results.size() - stored);
            body.put("ids", results.stream().filter(r -> !r.duplicate()).map(IngestResult::streamId).toList());
            return json(Outcome.QUEUED.status(), body);
        }).onFailure(StoreUnavailable.class).recoverWithItem(f -> {
            LOG.warnf("%s webhook refused with 503: Redis cannot store events (%s)", source, f.getMessage());
            metrics.count(source, event, Outcome.UNAVAILABLE);
            return Response.status(503).header("Retry-After", RETRY_AFTER_SECONDS).type(MediaType.APPLICATION_JSON)
                    .entity(Map.of("outcome", Outcome.UNAVAILABLE.tag(),
                            "error", "events cannot be stored right now; retry later"))
                    .build();
        });
    }

    public Response ignored(String source, String event, String reason) {
        metrics.count(source, event, Outcome.IGNORED);
        return json(Outcome.IGNORED.status(), Map.of("outcome", Outcome.IGNORED.tag(), "ignored", true,
                "reason", reason));
    }

    public Response pong(String source) {
        metrics.count(source, "ping", Outcome.PONG);
        return json(Outcome.PONG.status(), Map.of("outcome", Outcome.PONG.tag()));
    }

    /** A refusal: 400, 401 or 404. The message names what was wrong, never a secret. */
    public Response reject(String source, String event, Outcome outcome, String message) {
        metrics.count(source, event, outcome);
        return json(outcome.status(), Map.of("outcome", outcome.tag(), "error", message));
    }

    public Uni<Response> rejectLater(String source, String event, Outcome outcome, String message) {
        return Uni.createFrom().item(reject(source, event, outcome, message));
    }

    private static Response json(int status, Map<String, Object> body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(body).build();
    }
}
