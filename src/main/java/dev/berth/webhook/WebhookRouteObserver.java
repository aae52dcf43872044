package dev.berth.webhook;

import io.quarkus.vertx.http.runtime.filters.Filters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;

/**
 * Times every webhook answer, and counts the rejections the HTTP layer makes before a resource runs (413 body too
 * large, 415 wrong content type), so every outcome shows in the metrics.
 */
@ApplicationScoped
public class WebhookRouteObserver {

    private static final String PATH = "/webhooks/";

    void register(@Observes Filters filters, WebhookMetrics metrics) {
        filters.register(ctx -> {
            String path = ctx.normalizedPath();
            if (!path.startsWith(PATH)) {
                ctx.next();
                return;
            }
            long start = System.nanoTime();
            String source = sourceOf(path);
            ctx.addBodyEndHandler(v -> {
                int status = ctx.response().getStatusCode();
                metrics.answered(source, status, Duration.ofNanos(System.nanoTime() - start));
                // Refused before authentication: nothing the request claims becomes a tag.
                if (ctx.get(WebhookGate.COUNTED) != null) {
                    return;
                }
                if (status == 413) {
                    metrics.count(source, null, Outcome.TOO_LARGE);
                } else if (status == 415) {
                    metrics.count(source, null, Outcome.UNSUPPORTED_TYPE);
                }
            });
            ctx.next();
        }, 100);
    }

    static String sourceOf(String path) {
        String rest = path.substring(PATH.length());
        int slash = rest.indexOf('/');
        String source = slash < 0 ? rest : rest.substring(0, slash);
        return switch (source) {
            case "github", "distribution", "dockerhub", "harbor", "quay" -> source;
            default -> "other";
        };
    }
}
