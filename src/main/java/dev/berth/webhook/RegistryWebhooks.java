package dev.berth.webhook;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The steps the registry endpoints (Distribution, Docker Hub, Harbor, Quay) share: refuse a disabled source, check the
 * shared credential in constant time, parse the JSON body, normalize it and store the events through
 * {@link WebhookIngest}. Refusals name what was wrong, never a credential or the payload.
 */
@ApplicationScoped
public class RegistryWebhooks {

    static final String BAD_CREDENTIALS = "credentials do not verify";

    private final WebhookIngest ingest;
    private final ObjectMapper json;
    private final Clock clock;

    public RegistryWebhooks(WebhookIngest ingest, ObjectMapper json, Clock clock) {
        this.ingest = ingest;
        this.json = json;
        this.clock = clock;
    }

    /** Turns one parsed payload into events; throws {@link MalformedPayload} for a broken one. Pure. */
    @FunctionalInterface
    public interface Normalizer {
        Normalized normalize(JsonNode payload, Instant at);
    }

    /** The configured credential, blank treated as unset. */
    static Optional<String> credential(Optional<String> token) {
        return token.map(String::strip).filter(t -> !t.isEmpty());
    }

    /** Logs once at start whether a source is enabled, without the credential. */
    static void logState(Logger log, String name, String property, String path, Optional<String> credential) {
        if (credential.isEmpty()) {
            log.infof("%s webhooks are disabled: set %s to enable %s", name, property, path);
        } else {
            log.infof("%s webhooks enabled on %s", name, path);
        }
    }

    /** The 404 or 401 answer when the source is disabled or the presented credential is wrong, else empty. */
    Optional<Response> refusal(String source, String property, Optional<String> expected, String presented) {
        return WebhookCredentials.token(source, property, expected, presented)
                .map(r -> ingest.reject(source, null, r.outcome(), r.message()));
    }

    /**
     * The whole path of a single-document source: verify, parse, normalize, store. {@code label} names the event in
     * the metrics from a bounded set.
     */
    public Uni<Response> handle(String source, String property, Optional<String> expected, String presented,
            byte[] body, Function<JsonNode, String> label, Normalizer normalizer) {
        Optional<Response> refused = refusal(source, property, expected, presented);
        if (refused.isPresent()) {
            return Uni.createFrom().item(refused.get());
        }
        String event = null;
        Normalized normalized;
        try {
            JsonNode payload = parse(body);
            event = label.apply(payload);
            normalized = normalizer.normalize(payload, clock.instant());
        } catch (MalformedPayload e) {
            return ingest.rejectLater(source, event, Outcome.MALFORMED, e.getMessage());
        }
        if (normalized.isIgnored()) {
            return Uni.createFrom().item(ingest.ignored(source, event, normalized.ignoredReason()));
        }
        return ingest.store(source, event, normalized.events());
    }

    /** Parses the body as one JSON document; {@link MalformedPayload} names the line of a syntax error. */
    JsonNode parse(byte[] body) {
        try {
            JsonNode payload = json.readTree(body);
            if (payload == null || payload.isMissingNode()) {
                throw new MalformedPayload("empty body");
            }
            return payload;
        } catch (JacksonException e) {
            throw new MalformedPayload(JsonErrors.describe(e));
        } catch (IOException e) {
            throw new MalformedPayload("body cannot be read");
        }
    }

    WebhookIngest ingest() {
        return ingest;
    }

    Instant now() {
        return clock.instant();
    }

    /** SHA-256 hex of the parts joined by newlines: a delivery id derived from fields a retry repeats. */
    public static String derivedId(String... parts) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(String.join("\n", parts).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
