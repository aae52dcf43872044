package dev.berth.config;

import dev.berth.host.AgentCommands;
import dev.berth.domain.Printable;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An HTTP smoke check.
 *
 * @param url     {@code http} or {@code https} URL, printable ASCII without spaces or quotes, at most 2048 characters
 * @param via     {@link Via#HOST}: probed from the host over SSH (for services bound to loopback); {@link Via#DIRECT}:
 *                probed by berth itself
 * @param method  {@code GET} by default
 * @param headers request headers sent with the probe
 * @param timeout how long one probe may take, 5s by default
 * @param expect  what a passing answer looks like
 */
public record HttpCheck(String url, Via via, String method, Map<String, String> headers, Duration timeout,
        HttpExpectation expect) implements CheckSpec {

    public static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private static final Pattern URL_CHARS = Pattern.compile("[!#-&(-\\[\\]-_a-~]{1,2048}");

    /** Where the probe runs from. */
    public enum Via {
        HOST, DIRECT
    }

    public HttpCheck {
        checkUrl(url);
        if (via == null || timeout == null || expect == null) {
            throw new IllegalArgumentException("an http check needs via, timeout and expect");
        }
        if (!METHODS.contains(method)) {
            throw new IllegalArgumentException("'" + Printable.clip(method) + "' is not one of "
                    + String.join(", ", METHODS));
        }
        headers = Map.copyOf(headers);
        headers.forEach(Headers::check);
        if (via == Via.HOST && !AgentCommands.acceptsCheckUrl(url)) {
            throw new IllegalArgumentException("'" + Printable.clip(url) + "' cannot be probed via: host: the host"
                    + " agent takes http(s)://host[:port][/path][?query] without $ ( ) ; or user:password@");
        }
        if (via == Via.HOST && (!method.equals("GET") || !headers.isEmpty() || !expect.headers().isEmpty())) {
            throw new IllegalArgumentException("via: host probes with a plain GET through the host agent: another"
                    + " method, request headers or expected response headers need via: direct");
        }
    }

    static String checkUrl(String url) {
        if (url == null || !URL_CHARS.matcher(url).matches()) {
            throw new IllegalArgumentException("'" + Printable.clip(url)
                    + "' is not a URL (printable ASCII without spaces, quotes, backslashes or backticks, "
                    + "at most 2048 characters)");
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme();
            boolean web = "http".equals(scheme) || "https".equals(scheme);
            if (!web || uri.getHost() == null || uri.getRawUserInfo() != null) {
                throw new IllegalArgumentException("'" + Printable.clip(url)
                        + "' is not an http:// or https:// URL with a host (and no user:password@)");
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + Printable.clip(url) + "' is not a URL: " + e.getReason());
        }
        return url;
    }

    @Override
    public String describe() {
        return method + " " + url + " via " + via.name().toLowerCase(java.util.Locale.ROOT);
    }
}
