package dev.berth.gitops;

import dev.berth.config.AppCatalog;
import dev.berth.config.AppDefinition;
import dev.berth.config.EnvironmentSpec;
import dev.berth.config.HostSpec;
import dev.berth.deploy.DeployQueue;
import dev.berth.deploy.Deployment;
import dev.berth.domain.DeploymentId;
import dev.berth.reconcile.EnvStatus;
import dev.berth.reconcile.EnvStatusStore;
import dev.berth.deploy.DeploymentStore;
import dev.berth.domain.Digest;
import dev.berth.events.RedisKeys;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Compares what the state repository asks for with what berth deployed, and queues deploys for the differences.
 *
 * <p>Per app environment, the desired state is the pin file's digest (when there is one) and the app's compose.yaml
 * hash; the current state, read from the environment's status record, is its desired deployment while that is queued
 * or running, else what it runs ({@code current}). A pin that berth wrote
 * for the newest succeeded deployment is berth's own record and never triggers a deploy, so automation does not
 * fight itself. Any other pin is a person's and passes the rules of a promotion ({@link PersonPins}), whoever its
 * commit names as author. Each difference is planned once (a Redis marker), so a deploy that fails is not retried by every
 * later commit; the marker is cleared when the environment matches again.
 */
@ApplicationScoped
public class Reconciler {

    private static final Logger LOG = Logger.getLogger(Reconciler.class);
    /** How long a planned difference is remembered when it never comes true. */
    private static final Duration PLANNED_TTL = Duration.ofDays(30);

    private final AppCatalog catalog;
    private final DeploymentStore store;
    private final DeployQueue queue;
    private final RedisDataSource redis;
    private final RedisKeys keys;
    private final Refusals refusals;
    private final PersonPins personPins;
    private final EnvStatusStore statuses;

    public Reconciler(AppCatalog catalog, DeploymentStore store, DeployQueue queue, RedisDataSource redis,
            RedisKeys keys, Refusals refusals, PersonPins personPins, EnvStatusStore statuses) {
        this.personPins = personPins;
        this.statuses = statuses;
        this.catalog = catalog;
        this.store = store;
        this.queue = queue;
        this.redis = redis;
        this.keys = keys;
        this.refusals = refusals;
    }

    /**
     * Reconciles every environment of every app in the catalog against {@code pins} (repository path to content)
     * at {@code commit}. Returns the deployments queued. Each environment is handled on its own; when any failed
     * (Redis away), the first error is thrown after all were tried, so the caller tries the commit again.
     */
    public List<Deployment> reconcile(Map<String, String> pins, String commit) {
        List<Deployment> queued = new ArrayList<>();
        RuntimeException failure = null;
        for (AppDefinition app : catalog.all()) {
            for (EnvironmentSpec env : app.environments()) {
                try {
                    environment(app, env, pins.get(pinPath(app, env)), commit).ifPresent(queued::add);
                } catch (RuntimeException e) {
                    LOG.errorf("Reconciling %s/%s at %s failed: %s", app.name(), env.name(), commit, e.getMessage());
                    failure = failure == null ? e : failure;
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        return queued;
    }

    /** {@code state/<app>/<env>.yaml}. */
    public static String pinPath(AppDefinition app, EnvironmentSpec env) {
        return "state/" + app.name() + "/" + env.name() + ".yaml";
    }

    private Optional<Deployment> environment(AppDefinition app, EnvironmentSpec env, String pinText, String commit) {
        PinFile pin = null;
        if (pinText != null) {
            try {
                pin = PinFile.parse(pinText, pinPath(app, env), app.image().repository());
                refusals.pinAccepted(pinPath(app, env));
            } catch (PinFile.Invalid e) {
                refusals.pin(app.name(), env.name().value(), e.problem(), commit);
                return Optional.empty();
            }
        }
        EnvStatus status = statuses.read(app.name(), env.name());
        Optional<Deployment> inFlight = Optional.ofNullable(status.desired())
                .flatMap(d -> store.find(new DeploymentId(d.deployment()))).filter(d -> !d.status().terminal());
        Optional<Deployment> succeeded = Optional.ofNullable(status.current())
                .flatMap(c -> store.find(new DeploymentId(c.deployment())));
        Optional<Deployment> current = inFlight.or(() -> succeeded);
        String marker = keys.reconcilePlanned(app.name().value(), env.name().value());

        Digest want;
        String tag;
        String reason;
        boolean personsPin = false;
        PinFile p = pin;
        boolean ownPin = p != null && p.deployment() != null
                && succeeded.map(d -> d.id().equals(p.deployment()) && d.digest().equals(p.digest())).orElse(false);
        if (p != null && !ownPin && current.map(d -> !d.digest().equals(p.digest())).orElse(true)) {
            want = p.digest();
            tag = p.tag();
            reason = "reconcile: pin changed in Git (" + Refusals.shortId(commit) + ")";
            personsPin = true;
        } else if (current.isPresent() && current.get().composeSha256() != null
                && !current.get().composeSha256().equals(app.composeSha256())) {
            want = current.get().digest();
            tag = current.get().tag();
            reason = "reconcile: compose.yaml changed";
        } else {
            redis.key().del(marker);
            return Optional.empty();
        }
        String plan = want.value() + " " + app.composeSha256();
        String previous = redis.value(String.class).setGet(marker, plan, new SetArgs().ex(PLANNED_TTL));
        if (plan.equals(previous)) {
            LOG.infof("%s/%s: %s with compose %s was planned before and did not come true; not queued again "
                    + "(commit a change to try again)", app.name(), env.name(), want, app.composeSha256());
            return Optional.empty();
        }
        if (personsPin) {
            return personPins.admit(app, env, want, tag, commit, reason);
        }
        Deployment d = queue.enqueue(new DeployQueue.Request(app.name(), env.name(), app.image(), tag, want,
                env.hosts().stream().map(HostSpec::ssh).toList(), "git:" + commit, reason));
        LOG.infof("%s/%s: %s queued as %s (%s)", app.name(), env.name(), want, d.id(), reason);
        return Optional.of(d);
    }
}
