package dev.berth.notify;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.Map;

/**
 * Microsoft Teams through a Power Automate Workflows URL ("Post to a channel when a webhook request is received";
 * the Office 365 connectors are retired): a {@code message} with one Adaptive Card attachment. Teams caps a message
 * at about 28 KB, so the details are cut at 10,000 characters.
 */
public final class TeamsNotifier implements Notifier {

    static final String CARD_TYPE = "application/vnd.microsoft.card.adaptive";
    static final int MAX_TEXT = 10_000;
    static final int MAX_FACTS = 20;
    static final int MAX_FACT_VALUE = 500;

    private final String name;
    private final URI url;
    private final Links links;
    private final SinkHttp http;

    public TeamsNotifier(String name, URI url, Links links, SinkHttp http) {
        this.name = name;
        this.url = url;
        this.links = links;
        this.http = http;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public DeliveryResult post(Notification n) {
        return http.post(url, "application/json", Json.bytes(render(n, links)), Map.of());
    }

    /** {@code {"type":"message","attachments":[{"contentType":"...adaptive","content":{AdaptiveCard}}]}}. */
    public static ObjectNode render(Notification n, Links links) {
        ObjectNode message = Json.object().put("type", "message");
        ObjectNode attachment = message.putArray("attachments").addObject();
        attachment.put("contentType", CARD_TYPE);
        attachment.putNull("contentUrl");
        ObjectNode card = attachment.putObject("content");
        card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
        card.put("type", "AdaptiveCard").put("version", "1.4");
        ArrayNode body = card.putArray("body");
        body.addObject().put("type", "TextBlock").put("size", "Large").put("weight", "Bolder").put("wrap", true)
                .put("color", color(n.severity())).put("text", Text.line(n.title(), 300));
        body.addObject().put("type", "TextBlock").put("isSubtle", true).put("spacing", "None").put("wrap", true)
                .put("text", n.scope() + " · " + n.kind().wire() + " · " + n.severity().wire() + " · " + n.at());
        ArrayNode facts = null;
        for (Map.Entry<String, String> f : Facts.of(n).entrySet()) {
            if (facts == null) {
                facts = body.addObject().put("type", "FactSet").putArray("facts");
            }
            if (facts.size() == MAX_FACTS) {
                break;
            }
            facts.addObject().put("title", Text.line(f.getKey(), 100)).put("value", Text.line(f.getValue(),
                    MAX_FACT_VALUE));
        }
        if (n.text() != null) {
            body.addObject().put("type", "TextBlock").put("wrap", true).put("text", Text.clip(n.text(), MAX_TEXT));
        }
        links.deployment(n).ifPresent(l -> card.putArray("actions").addObject().put("type", "Action.OpenUrl")
                .put("title", "Open deployment").put("url", l));
        return message;
    }

    private static String color(Severity s) {
        return switch (s) {
            case INFO -> "Good";
            case WARNING -> "Warning";
            case CRITICAL -> "Attention";
        };
    }
}
