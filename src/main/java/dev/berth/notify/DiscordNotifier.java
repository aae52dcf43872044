package dev.berth.notify;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.Map;

/**
 * Discord webhook: a short {@code content} line and one embed. Within Discord's limits: content 2,000 characters,
 * 10 embeds, embed title 256, description 4,096, 25 fields of 256/1,024, 6,000 characters per embed in all. Mentions
 * are disabled ({@code allowed_mentions}), so text from a commit cannot ping {@code @everyone}. A 429 carries the
 * wait in the JSON body ({@code retry_after}, seconds, may be fractional).
 */
public final class DiscordNotifier implements Notifier {

    static final int MAX_CONTENT = 2000;
    static final int MAX_EMBEDS = 10;
    static final int MAX_TITLE = 256;
    static final int MAX_DESCRIPTION = 4096;
    static final int MAX_FIELDS = 25;
    static final int MAX_FIELD_NAME = 256;
    static final int MAX_FIELD_VALUE = 1024;
    static final int MAX_EMBED_TOTAL = 6000;
    /** berth shows at most this many fields and this much per value: a chat message, not a report. */
    private static final int SHOWN_FIELDS = 12;
    private static final int SHOWN_VALUE = 200;

    private final String name;
    private final URI url;
    private final Links links;
    private final SinkHttp http;

    public DiscordNotifier(String name, URI url, Links links, SinkHttp http) {
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
        return http.post(url, "application/json", Json.bytes(render(n, links)), Map.of(),
                reply -> RetryAfter.discordBody(reply.body()).or(() -> RetryAfter.header(
                        reply.retryAfterHeader().orElse(null), http.clock())));
    }

    /** The message: content line and one embed. */
    public static ObjectNode render(Notification n, Links links) {
        ObjectNode message = Json.object();
        message.put("content", Text.line("[" + n.scope() + "] " + n.title(), MAX_CONTENT));
        message.putObject("allowed_mentions").putArray("parse");
        ObjectNode embed = message.putArray("embeds").addObject();
        String title = Text.line(n.title(), MAX_TITLE);
        embed.put("title", title);
        links.deployment(n).ifPresent(l -> embed.put("url", l));
        embed.put("color", color(n.severity()));
        embed.put("timestamp", n.at().toString());
        String footer = "berth · " + n.kind().wire() + " · " + n.severity().wire();
        embed.putObject("footer").put("text", footer);
        int used = title.length() + footer.length();
        ArrayNode fields = embed.putArray("fields");
        for (Map.Entry<String, String> f : Facts.of(n).entrySet()) {
            if (fields.size() == Math.min(SHOWN_FIELDS, MAX_FIELDS)) {
                break;
            }
            String fieldName = Text.line(f.getKey(), Math.min(MAX_FIELD_NAME, 64));
            String value = Text.line(f.getValue(), Math.min(MAX_FIELD_VALUE, SHOWN_VALUE));
            fields.addObject().put("name", fieldName).put("value", value.isEmpty() ? "-" : value).put("inline", true);
            used += fieldName.length() + Math.max(1, value.length());
        }
        if (n.text() != null) {
            embed.put("description", Text.clip(n.text(), Math.min(MAX_DESCRIPTION, MAX_EMBED_TOTAL - used)));
        }
        return message;
    }

    private static int color(Severity s) {
        return switch (s) {
            case INFO -> 0x2EB67D;
            case WARNING -> 0xECB22E;
            case CRITICAL -> 0xE01E5A;
        };
    }
}
