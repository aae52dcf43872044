package dev.berth.notify;

import dev.berth.domain.Printable;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Posts a rendered message to a sink and classifies the answer: 2xx delivered; no answer, 408, 429 and 5xx retry
 * (429 with the wait the sink asked for); any other status is a permanent failure. Redirects are not followed (a
 * webhook URL that redirects is misconfigured). Error details never contain the URL, which is a secret.
 */
public final class SinkHttp {

    /** At most this much of a sink's answer is read into an error detail. */
    private static final int MAX_DETAIL = 200;

    private final HttpClient client;
    private final Duration requestTimeout;
    private final Clock clock;

    public SinkHttp(Duration connectTimeout, Duration requestTimeout, Clock clock) {
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(connectTimeout).build();
        this.requestTimeout = requestTimeout;
        this.clock = clock;
    }

    Clock clock() {
        return clock;
    }

    /** The answer of a sink, for sink-specific reading of a wait (Discord's body). */
    public record Reply(int status, Optional<String> retryAfterHeader, String body) {
    }

    /** Posts with the standard {@code Retry-After} header reading. */
    public DeliveryResult post(URI url, String contentType, byte[] body, Map<String, String> headers) {
        return post(url, contentType, body, headers, r -> RetryAfter.header(r.retryAfterHeader().orElse(null), clock));
    }

    /** Posts; {@code retryAfter} reads the wait a 429 asks for. */
    public DeliveryResult post(URI url, String contentType, byte[] body, Map<String, String> headers,
            Function<Reply, Optional<Duration>> retryAfter) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(requestTimeout)
                .header("Content-Type", contentType).header("User-Agent", "berth-notify")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return DeliveryResult.retry(0, null, "no answer (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DeliveryResult.retry(0, null, "interrupted");
        }
        Reply reply = new Reply(response.statusCode(), response.headers().firstValue("Retry-After"),
                response.body());
        return classify(reply, retryAfter);
    }

    static DeliveryResult classify(Reply reply, Function<Reply, Optional<Duration>> retryAfter) {
        int status = reply.status();
        if (status >= 200 && status < 300) {
            return DeliveryResult.delivered(status);
        }
        String detail = "HTTP " + status + (reply.body() == null || reply.body().isBlank() ? ""
                : ": " + Printable.clip(reply.body().length() > MAX_DETAIL ? reply.body().substring(0, MAX_DETAIL)
                        : reply.body()));
        if (status == 429) {
            return DeliveryResult.retry(status, retryAfter.apply(reply).orElse(null), detail);
        }
        if (status == 408 || status >= 500) {
            return DeliveryResult.retry(status, null, detail);
        }
        return DeliveryResult.failed(status, detail);
    }
}
