package dev.berth.notify;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.webhook.Signatures;
import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Generic JSON webhook: a CloudEvents 1.0 structured event ({@code application/cloudevents+json}) signed like a
 * GitHub webhook, {@code X-Berth-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>}. The event id is derived
 * from the notification, so a retried delivery carries the same id and a consumer can drop repeats.
 */
public final class CloudEventsNotifier implements Notifier {

    /** The header that carries the signature. */
    public static final String SIGNATURE_HEADER = "X-Berth-Signature-256";
    public static final String CONTENT_TYPE = "application/cloudevents+json; charset=utf-8";
    /** Prefix of the CloudEvents {@code type}: {@code dev.berth.deploy.failed}. */
    public static final String TYPE_PREFIX = "dev.berth.";

    private final String name;
    private final URI url;
    private final Links links;
    private final SinkHttp http;
    private final String secret;

    public CloudEventsNotifier(String name, URI url, Links links, SinkHttp http, String secret) {
        this.name = name;
        this.url = url;
        this.links = links;
        this.http = http;
        this.secret = Objects.requireNonNull(secret, "secret");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public DeliveryResult post(Notification n) {
        byte[] body = Json.bytes(render(n, links));
        return http.post(url, CONTENT_TYPE, body,
                Map.of(SIGNATURE_HEADER, "sha256=" + Signatures.hmacSha256Hex(secret, body)));
    }

    /** The structured event; {@code data} holds the whole notification. */
    public static ObjectNode render(Notification n, Links links) {
        ObjectNode event = Json.object();
        event.put("specversion", "1.0");
        event.put("id", id(n));
        event.put("source", links.base().orElse("urn:berth"));
        event.put("type", TYPE_PREFIX + n.kind().wire());
        event.put("subject", n.scope());
        event.put("time", n.at().toString());
        event.put("datacontenttype", "application/json");
        ObjectNode data = event.putObject("data");
        data.put("kind", n.kind().wire());
        data.put("severity", n.severity().wire());
        data.put("app", n.app());
        data.put("environment", n.env());
        data.put("digest", n.digest());
        data.put("tag", n.tag());
        data.put("releaseId", n.releaseId());
        data.put("deploymentId", n.deploymentId());
        data.put("title", n.title());
        data.put("text", n.text());
        ObjectNode facts = data.putObject("facts");
        n.facts().forEach(facts::put);
        data.put("link", links.deployment(n).orElse(null));
        return event;
    }

    /** A name-based UUID of the notification's content: the same notification always has the same id. */
    static String id(Notification n) {
        return UUID.nameUUIDFromBytes(Json.bytes(Json.MAPPER.valueToTree(NotificationRecord.toFields(n))))
                .toString();
    }
}
