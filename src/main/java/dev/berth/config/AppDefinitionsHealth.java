package dev.berth.config;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness detail "berth app definitions": always UP (berth serves and deploys with the last valid definition of a
 * refused app, so taking it out of service would only drop webhooks), with the number of refused app folders and,
 * per refused folder, where the problems are (file and line; the messages are in the API's {@code configError} and
 * the log, since readiness answers without a token). Asynchronous: it reads memory only, and a synchronous check
 * would wait for a worker thread, so readiness could not say DOWN while the workers are saturated.
 */
@Readiness
@ApplicationScoped
public class AppDefinitionsHealth implements AsyncHealthCheck {

    private final AppConfigErrors errors;

    public AppDefinitionsHealth(AppConfigErrors errors) {
        this.errors = errors;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return Uni.createFrom().item(this::response);
    }

    private HealthCheckResponse response() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("berth app definitions").up()
                .withData("refused", errors.all().size());
        errors.locations().forEach(b::withData);
        return b.build();
    }
}
