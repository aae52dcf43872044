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
 * {@code POST /webhooks/dockerhub/{token}}: Docker Hub repository webhooks. Docker Hub cannot sign, so the secret is
 * the last path segment, compared in constant time. The event is a hint: the tag is resolved at the registry.
 */
@Path("/webhooks/dockerhub/{token}")
public class DockerHubWebhookResource {

    private static final Logger LOG = Logger.getLogger(DockerHubWebhookResource.class);
    private static final String SOURCE = DockerHubPayloads.SOURCE;
    private static final String PROPERTY = "berth.webhooks.dockerhub.token";

    private final Optional<String> token;
    private final RegistryWebhooks webhooks;
    private final DockerHubPayloads payloads = new DockerHubPayloads();

    public DockerHubWebhookResource(WebhookConfig config, RegistryWebhooks webhooks) {
        this.token = RegistryWebhooks.credential(config.dockerhub().token());
        this.webhooks = webhooks;
    }

    void onStart(@Observes StartupEvent event) {
        RegistryWebhooks.logState(LOG, "Docker Hub", PROPERTY, "/webhooks/dockerhub/{token}", token);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> receive(@PathParam("token") String presented, RoutingContext ctx) {
        byte[] body = WebhookGate.body(ctx);
        return webhooks.handle(SOURCE, PROPERTY, token, presented, body, payload -> "push", payloads::normalize);
    }
}
