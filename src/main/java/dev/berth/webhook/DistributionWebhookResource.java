package dev.berth.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * {@code POST /webhooks/distribution}: notifications of a CNCF Distribution registry. The configured value must equal
 * the {@code Authorization} header the registry's endpoint sends. One envelope carries many events; each tagged
 * manifest push is stored under its own event id, so a retried envelope stores nothing twice.
 *
 * <p>The registry retries anything but 2xx/3xx forever and blocks its queue meanwhile, so a malformed event inside a
 * well-formed envelope is skipped, logged and counted as {@code malformed}, and the others are still stored.
 */
@Path("/webhooks/distribution")
public class DistributionWebhookResource {

    static final String EVENTS_V1 = "application/vnd.docker.distribution.events.v1+json";
    static final String EVENTS_V2 = "application/vnd.docker.distribution.events.v2+json";

    private static final Logger LOG = Logger.getLogger(DistributionWebhookResource.class);
    private static final String SOURCE = DistributionPayloads.SOURCE;
    private static final String PROPERTY = "berth.webhooks.distribution.token";

    private final Optional<String> token;
    private final RegistryWebhooks webhooks;
    private final WebhookMetrics metrics;
    private final DistributionPayloads payloads = new DistributionPayloads();

    public DistributionWebhookResource(WebhookConfig config, RegistryWebhooks webhooks, WebhookMetrics metrics) {
        this.token = RegistryWebhooks.credential(config.distribution().token());
        this.webhooks = webhooks;
        this.metrics = metrics;
    }

    void onStart(@Observes StartupEvent event) {
        RegistryWebhooks.logState(LOG, "Distribution", PROPERTY, "/webhooks/distribution", token);
    }

    @POST
    @Consumes({EVENTS_V1, EVENTS_V2, MediaType.APPLICATION_JSON})
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> receive(@HeaderParam("Authorization") String authorization, RoutingContext ctx) {
        byte[] body = WebhookGate.body(ctx);
        Optional<Response> refused = webhooks.refusal(SOURCE, PROPERTY, token, authorization);
        if (refused.isPresent()) {
            return Uni.createFrom().item(refused.get());
        }
        WebhookIngest ingest = webhooks.ingest();
        JsonNode envelope;
        DistributionPayloads.Batch batch;
        try {
            envelope = webhooks.parse(body);
            batch = payloads.normalize(envelope, webhooks.now());
        } catch (MalformedPayload e) {
            return ingest.rejectLater(SOURCE, null, Outcome.MALFORMED, e.getMessage());
        }
        String label = DistributionPayloads.label(envelope);
        for (String reason : batch.skipped()) {
            // Each part of the reason quoting the payload is clipped already; no payload is logged whole.
            LOG.warnf("Distribution notification event skipped as malformed: %s", reason);
            metrics.count(SOURCE, label, Outcome.MALFORMED);
        }
        if (batch.events().isEmpty()) {
            String reason = batch.skipped().isEmpty() ? firstOr(batch, "envelope holds no events")
                    : batch.skipped().size() + " malformed event(s) skipped, nothing to act on";
            return Uni.createFrom().item(ingest.ignored(SOURCE, label, reason));
        }
        return ingest.store(SOURCE, label, batch.events());
    }

    private static String firstOr(DistributionPayloads.Batch batch, String fallback) {
        return batch.ignored().isEmpty() ? fallback : batch.ignored().get(0)
                + (batch.ignored().size() > 1 ? " (and " + (batch.ignored().size() - 1) + " more)" : "");
    }
}
