package dev.berth.notify;

import dev.berth.deploy.Deployment;
import dev.berth.deploy.DeploymentChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/** Puts one notification in the outbox for every state a deployment reaches (queued is not announced). */
@ApplicationScoped
public class NotifyDeploymentChanges {

    private static final Logger LOG = Logger.getLogger(NotifyDeploymentChanges.class);

    private final NotificationOutbox outbox;

    public NotifyDeploymentChanges(NotificationOutbox outbox) {
        this.outbox = outbox;
    }

    void onChange(@Observes DeploymentChanged changed) {
        Deployment d = changed.deployment();
        NotificationKind kind = switch (d.status()) {
            case RUNNING -> NotificationKind.DEPLOY_STARTED;
            case SUCCEEDED -> NotificationKind.DEPLOY_SUCCEEDED;
            case FAILED -> NotificationKind.DEPLOY_FAILED;
            case SUPERSEDED -> NotificationKind.DEPLOY_SUPERSEDED;
            case QUEUED -> null;
        };
        if (kind == null) {
            return;
        }
        String what = d.image().repository() + (d.tag() == null ? "" : ":" + d.tag());
        String title = switch (d.status()) {
            case RUNNING -> "Deploying " + what + " to " + d.app() + "/" + d.env();
            case SUCCEEDED -> "Deployed " + what + " to " + d.app() + "/" + d.env();
            case FAILED -> "Deploy of " + what + " to " + d.app() + "/" + d.env() + " failed";
            default -> "Deploy of " + what + " to " + d.app() + "/" + d.env() + " was superseded";
        };
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("Digest", d.digest().value());
        facts.put("Release", d.releaseId().value());
        facts.put("Hosts", String.join(", ", d.hosts()));
        facts.put("Reason", d.reason() == null ? "" : d.reason());
        try {
            outbox.publish(Notification.of(kind, d.app().value(), d.env().value(), title, d.finishedAt() != null
                    ? d.finishedAt() : d.startedAt() != null ? d.startedAt() : d.createdAt())
                    .withImage(d.digest().value(), d.tag())
                    .withDeployment(d.releaseId().value(), d.id().value())
                    .withText(d.error())
                    .withFacts(facts));
        } catch (RuntimeException e) {
            LOG.errorf("Notification of deployment %s (%s) not queued: %s", d.id(), d.status().wire(),
                    e.getMessage());
        }
    }
}
