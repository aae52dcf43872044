package dev.berth.api;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness fails when the API cannot answer: a no-op task is handed to the worker pool that serves the REST
 * endpoints, and when no worker runs it within {@link #WITHIN} (every worker busy, a queue in front), berth is not
 * ready. The check itself runs without a worker, so it answers even then.
 */
@Readiness
@ApplicationScoped
public class ApiReadiness implements AsyncHealthCheck {

    static final Duration WITHIN = Duration.ofSeconds(2);

    private final HealthTimers timers;

    ApiReadiness(HealthTimers timers) {
        this.timers = timers;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return Uni.createFrom().completionStage(this::probe).ifNoItem().after(WITHIN).on(timers.timer()).fail()
                .map(ms -> HealthCheckResponse.named("api-workers").up().withData("queuedMs", ms).build())
                .onFailure().recoverWithItem(e -> HealthCheckResponse.named("api-workers").down()
                        .withData("error", "no worker thread free within " + WITHIN.toSeconds()
                                + "s: the API cannot answer requests").build());
    }

    /** A no-op handed to the worker pool; completes with its wait in milliseconds once a worker ran it. */
    private CompletableFuture<Long> probe() {
        long start = System.nanoTime();
        CompletableFuture<Long> ran = new CompletableFuture<>();
        try {
            Infrastructure.getDefaultWorkerPool().execute(() -> ran.complete((System.nanoTime() - start) / 1_000_000));
        } catch (RejectedExecutionException e) {
            ran.completeExceptionally(e);
        }
        return ran;
    }
}
