package dev.berth.deploy;

import dev.berth.config.AppDefinition;
import dev.berth.config.PushedTag;
import dev.berth.config.TrackPolicy;
import dev.berth.domain.EnvName;
import dev.berth.domain.Tag;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Downgrade protection for apps that track semantic versions: a pushed tag is deployed only when it is newer
 * ({@link TrackPolicy#isNewer}) than every tag the environment runs or has queued. So a push of 1.9.0 after 1.10.0, or
 * a replayed delivery of 1.9.0 under a new delivery id, is ignored. An equal version (a rebuilt 1.10.0, or
 * {@code v1.10.0} after {@code 1.10.0}) is not older. Push-ordered policies ({@code regex}, {@code newest}) have no
 * version to compare: there the newest push wins, as documented.
 *
 * <p>"Runs" is the newest succeeded deployment of the environment; "queued" are the queued or running ones newer than
 * it. Failed and superseded deployments never ran, so they do not count: after a failed 1.10.0, 1.9.1 is deployed.
 */
@ApplicationScoped
public class OlderTags {

    /** How many of the environment's newest deployments are looked at. */
    static final int LOOKBACK = 50;

    private final DeploymentStore store;
    private final MeterRegistry meters;

    public OlderTags(DeploymentStore store, MeterRegistry meters) {
        this.store = store;
        this.meters = meters;
    }

    /**
     * Why the push of {@code tag} must not be deployed to {@code env}, or empty when it is not older. Each refusal is
     * counted in {@code berth_pushes_ignored_total{app,env,reason="older_tag"}}.
     */
    public Optional<String> older(AppDefinition app, EnvName env, Tag tag, Instant pushedAt) {
        if (!(app.track() instanceof TrackPolicy.SemverTrack policy)) {
            return Optional.empty();
        }
        PushedTag candidate = new PushedTag(tag, pushedAt);
        for (Deployment d : current(app, env)) {
            Optional<Tag> known = Tag.parse(d.tag()).filter(policy::matches);
            if (known.isPresent() && !policy.isNewer(candidate, new PushedTag(known.get(), d.createdAt()))) {
                meters.counter("berth.pushes.ignored", "app", app.name().value(), "env", env.value(),
                        "reason", "older_tag").increment();
                return Optional.of("tag " + tag + " is older than " + d.tag() + ", which " + app.name() + "/" + env
                        + (d.status() == DeploymentStatus.SUCCEEDED ? " runs" : " has " + d.status().wire())
                        + " (deployment " + d.id().value() + ")");
            }
        }
        return Optional.empty();
    }

    /** The newest succeeded deployment and the queued or running ones after it, newest first. */
    List<Deployment> current(AppDefinition app, EnvName env) {
        List<Deployment> out = new ArrayList<>();
        for (Deployment d : store.list(Optional.of(app.name()), Optional.of(env), LOOKBACK)) {
            if (d.status() == DeploymentStatus.QUEUED || d.status() == DeploymentStatus.RUNNING) {
                out.add(d);
            } else if (d.status() == DeploymentStatus.SUCCEEDED) {
                out.add(d);
                break;
            }
        }
        return out;
    }
}
