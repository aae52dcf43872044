package dev.berth.notify;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Slack incoming webhook: Block Kit blocks plus the fallback {@code text} shown in notifications. Stays within
 * Slack's limits: at most 50 blocks, 3,000 characters per section text, 150 per header, 10 fields of 2,000.
 */
public final class SlackNotifier implements Notifier {

    static final int MAX_BLOCKS = 50;
    static final int MAX_SECTION_TEXT = 3000;
    static final int MAX_HEADER = 150;
    static final int MAX_FIELDS = 10;
    static final int MAX_FIELD_TEXT = 2000;

    private final String name;
    private final URI url;
    private final Links links;
    private final SinkHttp http;

    public SlackNotifier(String name, URI url, Links links, SinkHttp http) {
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
        return http.post(url, "application/json; charset=utf-8", Json.bytes(render(n, links)), Map.of());
    }

    /** The message: header, facts, details, link and context. */
    public static ObjectNode render(Notification n, Links links) {
        ObjectNode message = Json.object();
        message.put("text", Text.escapeAndClip(icon(n.severity()) + " [" + n.scope() + "] " + n.title(),
                MAX_SECTION_TEXT, SlackNotifier::escape));
        ArrayNode blocks = message.putArray("blocks");
        ObjectNode header = blocks.addObject().put("type", "header");
        header.putObject("text").put("type", "plain_text").put("emoji", true)
                .put("text", Text.line(icon(n.severity()) + " " + n.title(), MAX_HEADER));
        List<Map.Entry<String, String>> facts = new ArrayList<>(Facts.of(n).entrySet());
        if (!facts.isEmpty()) {
            ObjectNode section = blocks.addObject().put("type", "section");
            ArrayNode fields = section.putArray("fields");
            for (Map.Entry<String, String> f : facts.subList(0, Math.min(MAX_FIELDS, facts.size()))) {
                fields.addObject().put("type", "mrkdwn").put("text", Text.escapeAndClip(
                        "*" + f.getKey() + "*\n" + f.getValue(), MAX_FIELD_TEXT, SlackNotifier::escape));
            }
            if (facts.size() > MAX_FIELDS) {
                StringBuilder more = new StringBuilder();
                facts.subList(MAX_FIELDS, facts.size()).forEach(f -> more.append("*").append(f.getKey())
                        .append("*: ").append(f.getValue()).append('\n'));
                section(blocks, Text.escapeAndClip(more.toString().strip(), MAX_SECTION_TEXT, SlackNotifier::escape));
            }
        }
        if (n.text() != null) {
            section(blocks, Text.escapeAndClip(n.text(), MAX_SECTION_TEXT, SlackNotifier::escape));
        }
        Optional<String> link = links.deployment(n);
        link.ifPresent(l -> section(blocks, "<" + l + "|Deployment " + n.deploymentId() + ">"));
        ObjectNode context = blocks.addObject().put("type", "context");
        context.putArray("elements").addObject().put("type", "mrkdwn")
                .put("text", "berth · " + n.kind().wire() + " · " + n.severity().wire() + " · " + n.at());
        return message;
    }

    private static void section(ArrayNode blocks, String mrkdwn) {
        if (blocks.size() < MAX_BLOCKS - 1) {
            blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn").put("text", mrkdwn);
        }
    }

    /** Slack's mrkdwn control characters: &amp;, &lt; and &gt; must be escaped. */
    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String icon(Severity s) {
        return switch (s) {
            case INFO -> ":information_source:";
            case WARNING -> ":warning:";
            case CRITICAL -> ":rotating_light:";
        };
    }
}
