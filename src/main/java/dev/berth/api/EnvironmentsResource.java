package dev.berth.api;

import dev.berth.config.AppCatalog;
import dev.berth.config.AppDefinition;
import dev.berth.config.EnvironmentSpec;
import dev.berth.deploy.DeployLocks;
import dev.berth.deploy.Deployment;
import dev.berth.deploy.DeploymentStore;
import dev.berth.domain.AppName;
import dev.berth.domain.Digest;
import dev.berth.domain.EnvName;
import dev.berth.domain.ReleaseId;
import dev.berth.promote.EnvironmentRecords;
import dev.berth.promote.PromotionMetrics;
import dev.berth.promote.Promotions;
import dev.berth.promote.Rollbacks;
import dev.berth.verify.CheckResult;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Operator actions on one environment: promote, approve, roll back. Blocking: runs on worker threads. */
@Path("/api/v1/apps/{app}/environments/{env}")
@Produces(MediaType.APPLICATION_JSON)
public class EnvironmentsResource {

    /** Manual rollbacks run here, one at a time per environment (the deploy lock), answered 202 at once. */
    private static final ExecutorService ROLLBACKS = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "berth-api-rollback");
        t.setDaemon(true);
        return t;
    });

    private final AppCatalog catalog;
    private final EnvironmentRecords records;
    private final Promotions promotions;
    private final Rollbacks rollbacks;
    private final DeployLocks locks;
    private final DeploymentStore store;
    private final PromotionMetrics metrics;
    private final Clock clock;

    public EnvironmentsResource(AppCatalog catalog, EnvironmentRecords records, Promotions promotions,
            Rollbacks rollbacks, DeployLocks locks, DeploymentStore store, PromotionMetrics metrics, Clock clock) {
        this.metrics = metrics;
        this.catalog = catalog;
        this.records = records;
        this.promotions = promotions;
        this.rollbacks = rollbacks;
        this.locks = locks;
        this.store = store;
        this.clock = clock;
    }

    /** The body of promote ({@code digest}) and rollback ({@code release}); both optional. */
    public record Target(String digest, String release) {
    }

    @POST
    @Path("promote")
    public Response promote(@PathParam("app") String app, @PathParam("env") String env, Target body,
            @Context ContainerRequestContext request) {
        AppDefinition a = app(app);
        EnvironmentSpec target = env(a, env);
        EnvironmentSpec from = a.previous(target.name()).orElseThrow(() -> ApiErrors.badRequest(env
                + " is the first environment of " + app + ": it is deployed by pushes, not promotions"));
        var good = records.knownGood(a.name(), from.name());
        Digest digest = body != null && body.digest() != null ? parse(() -> new Digest(body.digest()))
                : good.map(EnvironmentRecords.KnownGood::digest).orElseThrow(() -> ApiErrors.conflict(
                        "nothing verified in " + from.name() + " yet"));
        if (!records.verified(a.name(), from.name(), digest)) {
            throw ApiErrors.conflict(digest + " has not passed verification in " + from.name());
        }
        records.release(a.name(), digest);
        String tag = good.filter(g -> g.digest().equals(digest)).map(EnvironmentRecords.KnownGood::tag).orElse(null);
        var queued = promotions.request(a, target, good.map(EnvironmentRecords.KnownGood::deployment)
                .orElse(dev.berth.domain.DeploymentId.next(clock.instant())), digest, tag,
                "promotion from " + from.name() + " requested by " + caller(request));
        return queued.<Response>map(d -> Response.accepted(DeploymentView.of(d)).build())
                .orElseGet(() -> Response.accepted(Map.of("waiting", "approval", "digest", digest.value())).build());
    }

    @POST
    @Path("approve")
    public Response approve(@PathParam("app") String app, @PathParam("env") String env,
            @Context ContainerRequestContext request) {
        AppDefinition a = app(app);
        EnvironmentSpec target = env(a, env);
        var approval = records.takeApproval(a.name(), target.name()).orElseThrow(() -> ApiErrors.conflict(
                "no promotion waits for approval into " + app + "/" + env));
        if (approval.expired(clock.instant())) {
            throw ApiErrors.conflict("the promotion of " + approval.digest() + " expired at " + approval.expiresAt());
        }
        Deployment d = promotions.deploy(a, target, approval.from(), approval.digest(), approval.tag(),
                "promotion approved by " + caller(request));
        return Response.accepted(DeploymentView.of(d)).build();
    }

    @POST
    @Path("rollback")
    public Response rollback(@PathParam("app") String app, @PathParam("env") String env, Target body,
            @Context ContainerRequestContext request) {
        AppDefinition a = app(app);
        EnvironmentSpec e = env(a, env);
        Optional<ReleaseId> release = body == null || body.release() == null ? Optional.empty()
                : Optional.of(parse(() -> new ReleaseId(body.release())));
        Deployment current = store.list(Optional.of(a.name()), Optional.of(e.name()), 20).stream()
                .filter(d -> d.status() == dev.berth.deploy.DeploymentStatus.SUCCEEDED).findFirst()
                .orElseThrow(() -> ApiErrors.conflict("nothing was deployed to " + app + "/" + env));
        var lease = locks.tryAcquire(a.name(), e.name()).orElseThrow(() -> ApiErrors.conflict(
                "a deploy of " + app + "/" + env + " is running; try again when it ends"));
        String who = caller(request);
        java.time.Instant requested = clock.instant();
        ROLLBACKS.submit(() -> {
            try (lease) {
                rollbacks.rollback(a, e, current, CheckResult.fail("operator", "rollback requested by " + who,
                        clock.instant()), release, (stream, line) -> store.log(current.id(), stream, line));
                metrics.rolledBack(a.name(), e.name(), PromotionMetrics.RollbackReason.MANUAL,
                        java.time.Duration.between(requested, clock.instant()));
            }
        });
        return Response.accepted(Map.of("rollback", "started", "from", current.releaseId().value(),
                "to", release.map(ReleaseId::value).orElse("last known-good"))).build();
    }

    private AppDefinition app(String app) {
        return catalog.find(parse(() -> new AppName(app))).orElseThrow(() -> ApiErrors.notFound("no app " + app));
    }

    private static EnvironmentSpec env(AppDefinition a, String env) {
        return a.environment(parse(() -> new EnvName(env))).orElseThrow(() -> ApiErrors.notFound(
                "app " + a.name() + " has no environment " + env));
    }

    private static String caller(ContainerRequestContext request) {
        Object c = request.getProperty(ApiAuthFilter.CALLER);
        return c instanceof ApiTokens.Caller caller ? caller.name() : "unknown";
    }

    private static <T> T parse(java.util.function.Supplier<T> value) {
        try {
            return value.get();
        } catch (IllegalArgumentException e) {
            throw ApiErrors.badRequest(e.getMessage());
        }
    }
}
