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
import dev.berth.promote.ApprovalRequesters;
import dev.berth.promote.CiGates;
import dev.berth.promote.CiVerdict;
import dev.berth.promote.EnvironmentRecords;
import dev.berth.promote.Promotion;
import dev.berth.promote.PromotionMetrics;
import dev.berth.promote.Promotions;
import dev.berth.promote.Rollbacks;
import dev.berth.verify.CheckResult;
import dev.berth.reconcile.EnvStatus;
import dev.berth.reconcile.EnvStatusStore;
import dev.berth.reconcile.QuarantineLift;
import dev.berth.reconcile.RollbackAttempts;
import jakarta.ws.rs.GET;
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

/**
 * One environment: its view with the status record ({@code GET}), and the operator's intents on it: promote, approve,
 * roll back. An intent is recorded and answered 202; the environment's reconciler carries it out. Blocking: runs on
 * worker threads.
 */
@Path("/api/v1/apps/{app}/environments/{env}")
@Produces(MediaType.APPLICATION_JSON)
public class EnvironmentsResource {

    private final AppCatalog catalog;
    private final EnvironmentRecords records;
    private final Promotions promotions;
    private final Rollbacks rollbacks;
    private final DeployLocks locks;
    private final DeploymentStore store;
    private final PromotionMetrics metrics;
    private final Clock clock;
    private final CiGates gates;
    private final ApprovalRequesters requesters;
    private final QuarantineLift quarantine;
    private final EnvStatusStore statuses;
    private final RollbackAttempts attempts;
    private final EnvironmentViews views;

    public EnvironmentsResource(AppCatalog catalog, EnvironmentRecords records, Promotions promotions,
            Rollbacks rollbacks, DeployLocks locks, DeploymentStore store, PromotionMetrics metrics, Clock clock,
            CiGates gates, ApprovalRequesters requesters, EnvStatusStore statuses, RollbackAttempts attempts,
            EnvironmentViews views, QuarantineLift quarantine) {
        this.requesters = requesters;
        this.quarantine = quarantine;
        this.statuses = statuses;
        this.attempts = attempts;
        this.views = views;
        this.gates = gates;
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

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper()
                    .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * The optional body: none at all (no Content-Type needed, as with a bare {@code curl -X POST}), or JSON. A body
     * of another type is 415, malformed JSON or an unknown key 400.
     */
    private static Target target(String raw, ContainerRequestContext request) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        MediaType type = request.getMediaType();
        if (type != null && !type.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
            throw new jakarta.ws.rs.WebApplicationException(Response.status(415)
                    .entity(Map.of("error", "the body must be application/json, not " + type)).build());
        }
        try {
            return JSON.readValue(raw, Target.class);
        } catch (com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException e) {
            // The key is the caller's own text (bounded, as JSON output): name it, never Jackson's Java types.
            String key = e.getPropertyName() == null ? "?" : e.getPropertyName();
            throw ApiErrors.badRequest("unknown key \"" + (key.length() > 64 ? key.substring(0, 64) + "…" : key)
                    + "\": the body may have \"digest\" or \"release\"");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // Jackson's message names Java types (`java.lang.String`): say where, not what Jackson thought.
            throw ApiErrors.badRequest("the body must be a JSON object with optional \"digest\" or \"release\""
                    + (e.getLocation() == null ? "" : " (problem at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ")"));
        }
    }

    @POST
    @Path("promote")
    public Response promote(@PathParam("app") String app, @PathParam("env") String env, String raw,
            @Context ContainerRequestContext request) {
        Target body = target(raw, request);
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
        Optional<String> quarantined = records.quarantined(a.name(), digest);
        if (quarantined.isPresent()) { // an override: only an admin brings a quarantined digest back
            Callers.require(request, Role.ADMIN, "promoting the quarantined digest " + digest + " ("
                    + quarantined.get() + ")");
            quarantine.lift(a, digest);
        }
        if (target.approvalDistinct()) { // before the request exists, so a racing approve already sees it
            requesters.add(a.name(), target.name(), digest, Callers.of(request).name());
        }
        String tag = good.filter(g -> g.digest().equals(digest)).map(EnvironmentRecords.KnownGood::tag).orElse(null);
        Promotion p = promotions.promote(a, target, good.map(EnvironmentRecords.KnownGood::deployment)
                .orElse(dev.berth.domain.DeploymentId.next(clock.instant())), digest, tag,
                "promotion from " + from.name() + " requested by " + caller(request));
        return switch (p.outcome()) {
            case QUEUED -> Response.accepted(DeploymentView.of(p.deployment())).build();
            case WAITING_APPROVAL -> Response.accepted(Map.of("waiting", "approval", "digest", digest.value())).build();
            case WAITING_CI -> Response.accepted(Map.of("waiting", "ci", "digest", digest.value(),
                    "reason", p.reason())).build();
            case REFUSED -> throw ApiErrors.conflict("promotion refused: " + p.reason());
        };
    }

    @POST
    @Path("approve")
    public Response approve(@PathParam("app") String app, @PathParam("env") String env,
            @Context ContainerRequestContext request) {
        AppDefinition a = app(app);
        EnvironmentSpec target = env(a, env);
        var waiting = records.approval(a.name(), target.name()).orElseThrow(() -> ApiErrors.conflict(
                "no promotion waits for approval into " + app + "/" + env));
        if (target.approvalDistinct()
                && requesters.requested(a.name(), target.name(), waiting.digest(), Callers.of(request).name())) {
            throw ApiErrors.forbidden(Callers.of(request).name() + " requested the promotion of " + waiting.digest()
                    + " into " + app + "/" + env + ", which needs the approval of another identity"
                    + " (approval: distinct)");
        }
        if (target.gate().isPresent()) {
            CiVerdict ci = gates.check(a, target.gate().get(), waiting.digest()).verdict();
            if (ci.status() != CiVerdict.Status.PASSED) {
                throw ApiErrors.conflict("the promotion of " + waiting.digest() + " does not pass the CI gate of "
                        + app + "/" + env + ": " + ci.reason());
            }
        }
        var approval = records.takeApproval(a.name(), target.name()).orElseThrow(() -> ApiErrors.conflict(
                "the promotion waiting for approval into " + app + "/" + env + " was released meanwhile"));
        if (!approval.equals(waiting)) { // replaced while its gate was checked: keep the newer one waiting
            records.requestApproval(a.name(), target.name(), approval);
            throw ApiErrors.conflict("the promotion waiting for approval into " + app + "/" + env
                    + " was replaced meanwhile; approve again");
        }
        if (approval.expired(clock.instant())) {
            throw ApiErrors.conflict("the promotion of " + approval.digest() + " expired at " + approval.expiresAt());
        }
        requesters.clear(a.name(), target.name(), approval.digest());
        Deployment d = promotions.deploy(a, target, approval.from(), approval.digest(), approval.tag(),
                "promotion approved by " + caller(request));
        return Response.accepted(DeploymentView.of(d)).build();
    }

    @POST
    @Path("rollback")
    public Response rollback(@PathParam("app") String app, @PathParam("env") String env, String raw,
            @Context ContainerRequestContext request) {
        Target body = target(raw, request);
        AppDefinition a = app(app);
        EnvironmentSpec e = env(a, env);
        Optional<ReleaseId> named = body == null || body.release() == null ? Optional.empty()
                : Optional.of(parse(() -> new ReleaseId(body.release())));
        EnvStatus status = statuses.read(a.name(), e.name());
        Deployment current = Optional.ofNullable(status.current())
                .flatMap(c -> store.find(new dev.berth.domain.DeploymentId(c.deployment())))
                .orElseThrow(() -> ApiErrors.conflict("nothing was deployed to " + app + "/" + env));
        if (named.isPresent() && named.get().equals(current.releaseId())) {
            throw ApiErrors.conflict(app + "/" + env + " already runs release " + current.releaseId());
        }
        if (status.rollback() != null) {
            throw ApiErrors.conflict("a rollback of " + app + "/" + env + " is already " + status.phase().wire()
                    + " (to " + status.rollback().to() + "); see GET /api/v1/apps/" + app + "/environments/" + env);
        }
        ReleaseId release = named.or(() -> rollbacks.target(a, e, current)).orElseThrow(() -> ApiErrors.conflict(
                "no earlier good release is left to roll " + app + "/" + env + " back to from " + current.releaseId()
                        + ": name one with {\"release\": \"...\"}"));
        if (locks.holder(a.name(), e.name()).isPresent() || status.phase() == dev.berth.reconcile.Phase.DEPLOYING
                || status.phase() == dev.berth.reconcile.Phase.VERIFYING) {
            throw ApiErrors.conflict("a deploy of " + app + "/" + env + " is running; try again when it ends");
        }
        String who = caller(request);
        attempts.request(a.name(), e.name(), attempts.intent(current, release.value(),
                PromotionMetrics.RollbackReason.MANUAL, CheckResult.fail("operator", "rollback requested by " + who,
                        clock.instant())));
        return Response.accepted(Map.of("rollback", "started", "from", current.releaseId().value(),
                "to", release.value())).build();
    }

    /** The environment as {@code GET /api/v1/apps/{app}} shows it, with its status record. */
    @GET
    public EnvironmentViews.EnvironmentView get(@PathParam("app") String app, @PathParam("env") String env) {
        AppDefinition a = app(app);
        return views.view(a, env(a, env));
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
