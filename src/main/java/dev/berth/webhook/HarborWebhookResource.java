package dev.berth.webhook;

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
 * {@code POST /webhooks/harbor}: Harbor project webhooks, default or CloudEvents format. Harbor sends the policy's
 * "Auth Header" verbatim as {@code Authorization}; it must equal the configured value (constant-time compare).
 */
@Path("/webhooks/harbor")
public class HarborWebhookResource {

    static final String CLOUDEVENTS_JSON = "application/cloudevents+json";

    private static final Logger LOG = Logger.getLogger(HarborWebhookResource.class);
    private static final String SOURCE = HarborPayloads.SOURCE;
    private static final String PROPERTY = "berth.webhooks.harbor.token";

    private final Optional<String> token;
    private final RegistryWebhooks webhooks;
    private final HarborPayloads payloads = new HarborPayloads();

    public HarborWebhookResource(WebhookConfig config, RegistryWebhooks webhooks) {
        this.token = RegistryWebhooks.credential(config.harbor().token());
        this.webhooks = webhooks;
    }

    void onStart(@Observes StartupEvent event) {
        RegistryWebhooks.logState(LOG, "Harbor", PROPERTY, "/webhooks/harbor", token);
    }

    @POST
    @Consumes({MediaType.APPLICATION_JSON, CLOUDEVENTS_JSON})
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> receive(@HeaderParam("Authorization") String authorization, RoutingContext ctx) {
        byte[] body = WebhookGate.body(ctx);
        return webhooks.handle(SOURCE, PROPERTY, token, authorization, body, HarborPayloads::label,
                payloads::normalize);
    }
}
