package dev.berth.deploy;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.time.Clock;
import org.jboss.logging.Logger;

/**
 * The transitions of a deployment record: started (running) and finished (succeeded, failed, superseded), each saved,
 * logged in the deployment's log and announced as {@link DeploymentChanged}.
 */
@ApplicationScoped
public class DeploymentLifecycle {

    private static final Logger LOG = Logger.getLogger(DeploymentLifecycle.class);

    private final DeploymentStore store;
    private final Event<DeploymentChanged> changed;
    private final Clock clock;

    public DeploymentLifecycle(DeploymentStore store, Event<DeploymentChanged> changed, Clock clock) {
        this.store = store;
        this.changed = changed;
        this.clock = clock;
    }

    /** Marks {@code queued} running (a running one stays as it is: a resumed rollout). */
    public Deployment start(Deployment queued) {
        if (queued.status() == DeploymentStatus.RUNNING) {
            store.log(queued.id(), "berth", "resuming the deployment (the worker that ran it stopped)");
            return queued;
        }
        Deployment d = queued.with(DeploymentStatus.RUNNING, clock.instant(), null);
        store.save(d);
        changed.fire(new DeploymentChanged(d));
        store.log(d.id(), "berth", "deploying " + d.image().repository() + "@" + d.digest() + " as release "
                + d.releaseId() + " to " + d.app() + "/" + d.env());
        return d;
    }

    /** Finishes {@code d} with {@code status} (and {@code error}), unless it already finished. */
    public Deployment finish(Deployment d, DeploymentStatus status, String error) {
        Deployment latest = store.find(d.id()).orElse(d);
        if (latest.status().terminal()) {
            return latest;
        }
        Deployment done = d.with(status, clock.instant(), error);
        store.save(done);
        if (error != null) {
            store.log(d.id(), "berth", error);
        }
        store.endLog(d.id(), status.wire());
        changed.fire(new DeploymentChanged(done));
        LOG.infof("Deployment %s of %s/%s %s%s", d.id(), d.app(), d.env(), status.wire(),
                error == null ? "" : ": " + error);
        return done;
    }
}
