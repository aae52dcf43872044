package dev.berth.notify;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Builds the notifier and filter of a configured sink, refusing bad configuration at start with the property name.
 * Messages never contain the sink URL (a secret).
 */
public final class Notifiers {

    private static final Pattern SINK_NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private Notifiers() {
    }

    public static Notifier create(String name, NotifyConfig.Sink sink, Links links, SinkHttp http) {
        String property = "berth.notify.sinks." + name;
        if (!SINK_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid sink name in " + property
                    + ".*: expected a lowercase DNS label (a-z, 0-9, '-')");
        }
        URI url;
        try {
            url = new URI(sink.url().strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(property + ".url is not a valid URL (" + e.getReason() + ")");
        }
        if (!url.isAbsolute() || !("https".equals(url.getScheme()) || "http".equals(url.getScheme()))
                || url.getHost() == null) {
            throw new IllegalArgumentException(property + ".url must be an absolute http or https URL");
        }
        if (sink.type() != SinkType.WEBHOOK && sink.secret().isPresent()) {
            throw new IllegalArgumentException(property + ".secret is only used by type webhook; the "
                    + sink.type().name().toLowerCase() + " URL itself is the secret");
        }
        return switch (sink.type()) {
            case SLACK -> new SlackNotifier(name, url, links, http);
            case DISCORD -> new DiscordNotifier(name, url, links, http);
            case TEAMS -> new TeamsNotifier(name, url, links, http);
            case WEBHOOK -> new CloudEventsNotifier(name, url, links, http, sink.secret().filter(s -> !s.isBlank())
                    .orElseThrow(() -> new IllegalArgumentException(property
                            + ".secret is required for type webhook: consumers verify X-Berth-Signature-256 with it")));
        };
    }

    public static SinkFilter filter(String name, NotifyConfig.Sink sink) {
        try {
            return new SinkFilter(sink.apps().orElse(Set.of()), sink.environments().orElse(Set.of()),
                    sink.kinds().orElse(Set.of()), sink.minSeverity());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("berth.notify.sinks." + name + ".kinds: " + e.getMessage(), e);
        }
    }
}
