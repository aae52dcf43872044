package dev.berth.webhook;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * {@code POST /webhooks/quay/{token}}: Quay "repository push" notifications. Quay cannot sign, so the secret is the
 * last path segment, compared in constant time. Each updated tag is a hint: it is resolved at the registry.
 */
@Path("/webhooks/quay/{token}")
public class QuayWebhookResource {

    private static final Logger LOG = Logger.getLogger(QuayWebhookResource.class);
    private static final String SOURCE = QuayPayloads.SOURCE;
    private static final String PROPERTY = "berth.webhooks.quay.token";

    private final Optional<String> token;
    private final RegistryWebhooks webhooks;
    private final QuayPayloads payloads = new QuayPayloads();

    public QuayWebhookResource(WebhookConfig config, RegistryWebhooks webhooks) {
        this.token = RegistryWebhooks.credential(config.quay().token());
        this.webhooks = webhooks;
    }

    void onStart(@Observes StartupEvent event) {
        RegistryWebhooks.logState(LOG, "Quay", PROPERTY, "/webhooks/quay/{token}", token);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> receive(@PathParam("token") String presented, RoutingContext ctx) {
        byte[] body = WebhookGate.body(ctx);
        return webhooks.handle(SOURCE, PROPERTY, token, presented, body, payload -> "push", payloads::normalize);
    }
}
