package dev.berth.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The front door of every {@code POST /webhooks/<source>}: runs before the resource and before a byte of the body is
 * read. In order:
 * <ol>
 * <li>the declared length against the route's limit (GitHub {@code berth.webhooks.max-body-size}, registries
 * {@code berth.webhooks.registry-max-body-size}): 413;</li>
 * <li>the credentials that need no body ({@link WebhookCredentials}): disabled source 404, wrong header or path token
 * 401, missing or malformed GitHub signature 401;</li>
 * <li>the bytes against the budget shared by all webhook requests ({@link InFlightBudget}): 503 with Retry-After;</li>
 * <li>only then the body is read (limit and budget checked again per chunk, for bodies without a declared length),
 * handed to the resource ({@link #body}), and its bytes released when the answer is sent.</li>
 * </ol>
 * A refusal before the body is read closes the connection, so the unread body is never taken.
 */
@ApplicationScoped
public class WebhookGate {

    static final String PATH = "/webhooks/";
    static final String RETRY_AFTER_SECONDS = "5";
    /** The body read by the gate, as {@code byte[]}, in the routing context's data. */
    static final String BODY = "berth.webhook.body";
    /** Marks a request this gate answered and counted, so {@link WebhookRouteObserver} does not count it again. */
    static final String COUNTED = "berth.webhook.counted";

    private final WebhookCredentials credentials;
    private final InFlightBudget budget;
    private final WebhookMetrics metrics;
    private final ObjectMapper json;
    private final long githubLimit;
    private final long registryLimit;

    public WebhookGate(WebhookCredentials credentials, InFlightBudget budget, WebhookMetrics metrics, ObjectMapper json,
            WebhookConfig config) {
        this.credentials = credentials;
        this.budget = budget;
        this.metrics = metrics;
        this.json = json;
        this.githubLimit = config.maxBodySize().asLongValue();
        this.registryLimit = config.registryMaxBodySize().asLongValue();
    }

    void register(@Observes Filters filters) {
        // Below WebhookRouteObserver (100), which times every answer, this one included.
        filters.register(this::filter, 90);
    }

    void filter(RoutingContext ctx) {
        String normalized = ctx.normalizedPath();
        // The router matches a trailing slash too: so must the gate, or a resource would run without it.
        String path = normalized.endsWith("/") && normalized.length() > PATH.length()
                ? normalized.substring(0, normalized.length() - 1) : normalized;
        if (ctx.request().method() != HttpMethod.POST || !path.startsWith(PATH)) {
            ctx.next();
            return;
        }
        String source = WebhookRouteObserver.sourceOf(path);
        if (!isEndpoint(source, path)) {
            // Not one of the endpoints (an unknown source, an extra segment): the router answers 404.
            ctx.next();
            return;
        }
        HttpServerRequest request = ctx.request();
        long limit = source.equals("github") ? githubLimit : registryLimit;
        long declared = declaredLength(request);
        if (declared > limit) {
            refuse(ctx, source, Outcome.TOO_LARGE, "body larger than " + limit + " bytes");
            return;
        }
        Optional<WebhookCredentials.Refusal> refusal = credentials.check(source, request.getHeader("Authorization"),
                pathToken(path), request.getHeader("X-Hub-Signature-256"));
        if (refusal.isPresent()) {
            refuse(ctx, source, refusal.get().outcome(), refusal.get().message());
            return;
        }
        long upfront = Math.max(0, declared);
        if (!budget.tryReserve(upfront)) {
            refuse(ctx, source, Outcome.OVERLOADED, "too many webhook bytes in flight; retry later");
            return;
        }
        new BodyRead(ctx, source, limit, upfront).start();
    }

    /** Reads one body within the limit and the budget, then hands it to the resource. */
    private final class BodyRead {
        private final RoutingContext ctx;
        private final String source;
        private final long limit;
        private final Buffer body;
        private final AtomicBoolean released = new AtomicBoolean();
        private long reserved;
        private boolean failed;

        BodyRead(RoutingContext ctx, String source, long limit, long reserved) {
            this.ctx = ctx;
            this.source = source;
            this.limit = limit;
            this.reserved = reserved;
            this.body = Buffer.buffer((int) Math.min(Math.max(reserved, 1024), 1 << 20));
        }

        void start() {
            ctx.addEndHandler(done -> release());
            HttpServerRequest request = ctx.request();
            request.handler(this::chunk);
            request.exceptionHandler(e -> release());
            request.endHandler(v -> {
                if (!failed) {
                    ctx.put(BODY, body.getBytes());
                    ctx.next();
                }
            });
            if ("100-continue".equalsIgnoreCase(request.getHeader("Expect"))) {
                ctx.response().writeContinue();
            }
            request.resume();
        }

        private void chunk(Buffer chunk) {
            if (failed) {
                return;
            }
            long size = (long) body.length() + chunk.length();
            if (size > limit) {
                fail(Outcome.TOO_LARGE, "body larger than " + limit + " bytes");
                return;
            }
            if (size > reserved) {
                if (!budget.tryReserve(size - reserved)) {
                    fail(Outcome.OVERLOADED, "too many webhook bytes in flight; retry later");
                    return;
                }
                reserved = size;
            }
            body.appendBuffer(chunk);
        }

        private void fail(Outcome outcome, String message) {
            failed = true;
            release();
            refuse(ctx, source, outcome, message);
        }

        private void release() {
            if (released.compareAndSet(false, true)) {
                budget.release(reserved);
            }
        }
    }

    /** Answers and closes the connection: the rest of the body, if any, is never read. */
    private void refuse(RoutingContext ctx, String source, Outcome outcome, String message) {
        metrics.count(source, null, outcome);
        ctx.put(COUNTED, Boolean.TRUE);
        if (outcome == Outcome.TOO_LARGE) {
            // As Quarkus answers a body above quarkus.http.limits.max-body-size: no body, then the connection closes.
            // (The JDK's HttpClient, sending with Expect: 100-continue, waits forever for anything else.)
            HttpServerRequest request = ctx.request();
            ctx.response().setStatusCode(413).endHandler(v -> request.connection().close());
            ctx.response().end();
            return;
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("outcome", outcome.tag());
        answer.put("error", message);
        String text;
        try {
            text = json.writeValueAsString(answer);
        } catch (JsonProcessingException e) {
            text = "{\"outcome\":\"" + outcome.tag() + "\"}";
        }
        var response = ctx.response().setStatusCode(outcome.status()).putHeader("Content-Type", "application/json")
                .putHeader("Connection", "close");
        if (outcome.status() == 503) {
            response.putHeader("Retry-After", RETRY_AFTER_SECONDS);
        }
        HttpServerRequest request = ctx.request();
        response.end(text).onComplete(done -> {
            // An unread body is never taken: close the connection (HTTP/1.x), so a sender still writing it stops.
            if (!request.isEnded() && request.version() != io.vertx.core.http.HttpVersion.HTTP_2) {
                request.connection().close();
            }
        });
    }

    /**
     * The body this gate read for the request. The webhook resources take it from here, not as a JAX-RS entity: the
     * body is read once, by the gate, within the limits.
     */
    public static byte[] body(RoutingContext ctx) {
        byte[] body = ctx.get(BODY);
        if (body == null) {
            throw new IllegalStateException("the webhook gate did not read this request's body");
        }
        return body;
    }

    /** The Content-Length the sender declared, or -1. */
    static long declaredLength(HttpServerRequest request) {
        String value = request.getHeader("Content-Length");
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Whether the path is one of the webhook endpoints: {@code /webhooks/<source>}, or {@code /<token>} after it. */
    static boolean isEndpoint(String source, String path) {
        String rest = path.substring(PATH.length());
        return switch (source) {
            case "github", "distribution", "harbor" -> rest.equals(source);
            case "dockerhub", "quay" -> rest.startsWith(source + "/") && rest.length() > source.length() + 1
                    && rest.indexOf('/', source.length() + 1) < 0;
            default -> false;
        };
    }

    /** The decoded segment after {@code /webhooks/<source>/}, or null. */
    static String pathToken(String path) {
        String rest = path.substring(PATH.length());
        int slash = rest.indexOf('/');
        if (slash < 0) {
            return null;
        }
        try {
            return URLDecoder.decode(rest.substring(slash + 1).replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
