package dev.berth.promote;

import dev.berth.config.AppDefinition;
import dev.berth.config.EnvironmentSpec;
import dev.berth.config.PromoteMode;
import dev.berth.deploy.Deployment;
import dev.berth.deploy.DeploymentStore;
import dev.berth.notify.Notification;
import dev.berth.notify.NotificationKind;
import dev.berth.notify.NotificationOutbox;
import dev.berth.notify.Severity;
import dev.berth.verify.CheckResult;
import dev.berth.verify.VerifyConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Applies each guard round of an environment to the soak running there: a failing round cancels it (deployment log,
 * log line, notification) and the digest is not promoted; the first passing round after the soak's end promotes the
 * digest to the next environment ({@link Promotions#request}). A soak of a deployment that is not the environment's
 * current one any more is dropped.
 */
@ApplicationScoped
public class SoakWatch {

    private static final Logger LOG = Logger.getLogger(SoakWatch.class);

    private final Soaks soaks;
    private final Promotions promotions;
    private final DeploymentStore store;
    private final NotificationOutbox outbox;
    private final boolean checkerErrorsFail;
    private final Clock clock;

    public SoakWatch(Soaks soaks, Promotions promotions, DeploymentStore store, NotificationOutbox outbox,
            VerifyConfig config, Clock clock) {
        this.soaks = soaks;
        this.promotions = promotions;
        this.store = store;
        this.outbox = outbox;
        this.checkerErrorsFail = config.checkerErrorsFail();
        this.clock = clock;
    }

    /** Records the guard round {@code result} of {@code env}, whose current deployment is {@code current}. */
    public void observe(AppDefinition app, EnvironmentSpec env, Deployment current, CheckResult result) {
        Optional<Soak> found = soaks.find(app.name(), env.name());
        if (found.isEmpty()) {
            return;
        }
        Soak soak = found.get();
        if (!soak.deployment().equals(current.id())) {
            soaks.end(app.name(), env.name(), soak.deployment());
            LOG.infof("Soak of %s in %s/%s dropped: %s runs there now", soak.digest(), app.name(), env.name(),
                    current.id());
            return;
        }
        Instant now = clock.instant();
        Soak.Step step = soak.record(result, result.at() == null ? now : result.at(), checkerErrorsFail);
        switch (step.decision()) {
            case WAIT -> soaks.update(app.name(), env.name(), step.next());
            case CANCEL -> cancel(app, env, current, soak, result);
            case PROMOTE -> promote(app, env, step.next());
        }
    }

    private void cancel(AppDefinition app, EnvironmentSpec env, Deployment current, Soak soak, CheckResult r) {
        if (!soaks.end(app.name(), env.name(), soak.deployment())) {
            return;
        }
        String why = r.check() + ": " + r.detail();
        String line = "soak of " + soak.digest() + " canceled after " + soak.passes() + " passing round(s): " + why
                + "; it is not promoted from " + env.name();
        LOG.warnf("%s/%s: %s", app.name(), env.name(), line);
        store.log(current.id(), "berth", line);
        try {
            outbox.publish(Notification.of(NotificationKind.VERIFICATION_FAILED, app.name().value(),
                    env.name().value(), "Soak of " + app.image().repository()
                            + (soak.tag() == null ? "" : ":" + soak.tag()) + " in " + app.name() + "/" + env.name()
                            + " canceled: not promoted", clock.instant())
                    .withSeverity(Severity.WARNING).withImage(soak.digest().value(), soak.tag())
                    .withDeployment(current.releaseId().value(), current.id().value()).withText(why));
        } catch (RuntimeException e) {
            LOG.errorf("Soak cancel notification not queued: %s", e.getMessage());
        }
    }

    private void promote(AppDefinition app, EnvironmentSpec env, Soak soak) {
        if (!soaks.end(app.name(), env.name(), soak.deployment())) {
            return;
        }
        Optional<EnvironmentSpec> next = app.next(env.name());
        if (next.isEmpty() || env.promote() != PromoteMode.AUTO) {
            LOG.infof("Soak of %s in %s/%s done; %s promotes no further automatically", soak.digest(), app.name(),
                    env.name(), env.name());
            return;
        }
        store.log(soak.deployment(), "berth", "soak of " + soak.digest() + " done after " + soak.passes()
                + " passing round(s); promoting to " + next.get().name());
        promotions.request(app, next.get(), soak.deployment(), soak.digest(), soak.tag(),
                "automatic promotion from " + env.name() + " after a soak of " + env.soak().toSeconds() + " s");
    }
}
