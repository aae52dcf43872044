package dev.berth.api;

import dev.berth.deploy.Deployment;
import dev.berth.deploy.DeploymentStore;
import dev.berth.domain.AppName;
import dev.berth.domain.DeploymentId;
import dev.berth.domain.EnvName;
import io.quarkus.redis.datasource.stream.StreamMessage;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/** Deployment history and live logs. Blocking Redis reads: these methods run on worker threads. */
@Path("/api/v1/deployments")
@Produces(MediaType.APPLICATION_JSON)
public class DeploymentsResource {

    private static final int MAX_LIMIT = 500;
    private static final Duration LOG_POLL = Duration.ofMillis(250);
    private static final Duration LOG_MAX = Duration.ofHours(2);
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    private final DeploymentStore store;

    public DeploymentsResource(DeploymentStore store) {
        this.store = store;
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

    /** The deployment's log as server-sent events, live until the deployment ends; resumable by Last-Event-ID. */
    @GET
    @Path("{id}/log")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void log(@PathParam("id") String id, @HeaderParam("Last-Event-ID") String lastEventId,
            @Context SseEventSink sink, @Context Sse sse) {
        Deployment d = find(id);
        String after = lastEventId != null && lastEventId.matches("[0-9]{1,20}-[0-9]{1,20}") ? lastEventId : "0";
        long deadline = System.nanoTime() + LOG_MAX.toNanos();
        try (sink) {
            while (!sink.isClosed() && System.nanoTime() < deadline) {
                List<StreamMessage<String, String, String>> entries = store.readLog(d.id(), after, 200, Duration.ZERO);
                boolean ended = false;
                for (StreamMessage<String, String, String> m : entries) {
                    Map<String, String> f = m.payload();
                    // The JSON is written here, as the event's plain data: an event with its own media type would
                    // carry a "content-type:" field line that no SSE client wants.
                    Map<String, String> event = new java.util.LinkedHashMap<>();
                    event.put("at", f.getOrDefault("at", ""));
                    event.put("stream", f.getOrDefault("stream", ""));
                    event.put("line", f.getOrDefault("line", ""));
                    sink.send(sse.newEventBuilder().id(m.id()).name("log").data(json(event)).build());
                    after = m.id();
                    ended |= f.containsKey(DeploymentStore.END_FIELD);
                }
                if (ended) {
                    return;
                }
                if (entries.isEmpty()) {
                    LockSupport.parkNanos(LOG_POLL.toNanos());
                }
            }
        }
    }

    private static String json(Map<String, String> event) {
        try {
            return JSON.writeValueAsString(event);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a log line could not be written as JSON", e);
        }
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
