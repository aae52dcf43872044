package dev.berth.api;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Redis answers PING, checked without a worker thread. It replaces the Redis client's own check
 * ({@code quarkus.redis.health.enabled=false}), which is synchronous: it waits for a worker, so with every worker
 * busy the whole readiness answer hung instead of saying DOWN ({@link ApiReadiness}).
 */
@Readiness
@ApplicationScoped
public class RedisReadiness implements AsyncHealthCheck {

    static final Duration WITHIN = Duration.ofSeconds(2);

    private final ReactiveRedisDataSource redis;
    private final HealthTimers timers;

    RedisReadiness(ReactiveRedisDataSource redis, HealthTimers timers) {
        this.redis = redis;
        this.timers = timers;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return redis.execute("PING").ifNoItem().after(WITHIN).on(timers.timer()).fail()
                .map(reply -> HealthCheckResponse.named("redis").up().withData("ping", String.valueOf(reply)).build())
                .onFailure().recoverWithItem(e -> HealthCheckResponse.named("redis").down()
                        .withData("error", "no PONG within " + WITHIN.toSeconds() + "s: "
                                + e.getClass().getSimpleName()).build());
    }
}
