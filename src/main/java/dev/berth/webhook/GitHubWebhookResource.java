package dev.berth.webhook;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.domain.DeliveryId;
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
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * {@code POST /webhooks/github}: verifies {@code X-Hub-Signature-256} over the raw body with any configured secret,
 * then stores the normalized event. Runs on the event loop; the only I/O is the Redis write.
 */
@Path("/webhooks/github")
public class GitHubWebhookResource {

    private static final Logger LOG = Logger.getLogger(GitHubWebhookResource.class);
    private static final String SOURCE = GitHubPayloads.SOURCE;

    private final List<String> secrets;
    private final GitHubPayloads payloads;
    private final WebhookIngest ingest;
    private final ObjectMapper json;
    private final Clock clock;

    public GitHubWebhookResource(WebhookConfig config, WebhookIngest ingest, ObjectMapper json, Clock clock) {
        this.secrets = config.github().secrets().orElse(List.of()).stream().map(String::strip)
                .filter(s -> !s.isEmpty()).toList();
        this.payloads = new GitHubPayloads(config.github().packageRegistry());
        this.ingest = ingest;
        this.json = json;
        this.clock = clock;
    }

    void onStart(@Observes StartupEvent event) {
        if (secrets.isEmpty()) {
            LOG.info("GitHub webhooks are disabled: set berth.webhooks.github.secrets to enable /webhooks/github");
        } else {
            LOG.infof("GitHub webhooks enabled with %d secret(s)", secrets.size());
        }
    }

    @POST
    @Consumes({MediaType.APPLICATION_JSON, MediaType.APPLICATION_FORM_URLENCODED})
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> receive(@HeaderParam("X-GitHub-Event") String event,
            @HeaderParam("X-GitHub-Delivery") String delivery, @HeaderParam("X-GitHub-Hook-ID") String hookId,
            @HeaderParam("X-Hub-Signature-256") String signature, @HeaderParam("Content-Type") String contentType,
            RoutingContext ctx) {
        byte[] body = WebhookGate.body(ctx);
        if (secrets.isEmpty()) {
            return ingest.rejectLater(SOURCE, null, Outcome.DISABLED,
                    "GitHub webhooks are disabled on this berth (berth.webhooks.github.secrets is not set)");
        }
        if (signature == null || signature.isEmpty()) {
            return ingest.rejectLater(SOURCE, null, Outcome.UNAUTHORIZED, "missing X-Hub-Signature-256");
        }
        if (!Signatures.verifyGitHub(secrets, body, signature)) {
            return ingest.rejectLater(SOURCE, null, Outcome.UNAUTHORIZED, "signature does not verify");
        }
        if (event == null || event.isBlank()) {
            return ingest.rejectLater(SOURCE, null, Outcome.MALFORMED, "missing X-GitHub-Event header");
        }
        if (event.equals("ping")) {
            return Uni.createFrom().item(ingest.pong(SOURCE));
        }
        if (delivery == null || delivery.isBlank()) {
            return ingest.rejectLater(SOURCE, event, Outcome.MALFORMED, "missing X-GitHub-Delivery header");
        }
        DeliveryId id;
        try {
            // The delivery id identifies the event, not the hook: two hooks receive the same id. Neither is signed,
            // so the key also rests on the signed body (GitHubDedupe).
            id = GitHubDedupe.delivery(hookId, delivery, body);
        } catch (IllegalArgumentException e) {
            return ingest.rejectLater(SOURCE, event, Outcome.MALFORMED, "invalid X-GitHub-Delivery or X-GitHub-Hook-ID");
        }
        byte[] document;
        try {
            document = jsonBytes(contentType, body);
        } catch (MalformedPayload e) {
            return ingest.rejectLater(SOURCE, event, Outcome.MALFORMED, e.getMessage());
        } catch (IllegalArgumentException e) {
            return ingest.rejectLater(SOURCE, event, Outcome.MALFORMED, "form-encoded payload is not URL-encoded");
        }
        Normalized normalized;
        try {
            JsonNode payload = JsonProjection.read(json, document, GitHubPayloads.projection(event));
            if (payload == null) {
                throw new MalformedPayload("empty body");
            }
            normalized = payloads.normalize(event, id, payload, clock.instant());
        } catch (JacksonException e) {
            return ingest.rejectLater(SOURCE, event, Outcome.MALFORMED, JsonErrors.describe(e));
        } catch (MalformedPayload e) {
            return ingest.rejectLater(SOURCE, event, Outcome.MALFORMED, e.getMessage());
        } catch (IOException e) {
            return ingest.rejectLater(SOURCE, event, Outcome.MALFORMED, "body cannot be read");
        }
        if (normalized.isIgnored()) {
            return Uni.createFrom().item(ingest.ignored(SOURCE, event, normalized.ignoredReason()));
        }
        return ingest.store(SOURCE, event, GitHubDedupe.keyed(event, normalized.events(), body));
    }

    /** The JSON document: the body itself, or the {@code payload} field of a form-encoded delivery. */
    static byte[] jsonBytes(String contentType, byte[] body) {
        if (contentType == null || !contentType.toLowerCase().startsWith(MediaType.APPLICATION_FORM_URLENCODED)) {
            return body;
        }
        String form = new String(body, StandardCharsets.US_ASCII);
        for (String pair : form.split("&")) {
            if (pair.startsWith("payload=")) {
                return URLDecoder.decode(pair.substring("payload=".length()), StandardCharsets.UTF_8)
                        .getBytes(StandardCharsets.UTF_8);
            }
        }
        throw new MalformedPayload("form-encoded body has no payload field");
    }
}
