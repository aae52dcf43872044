package dev.berth.promote;

import dev.berth.config.AppCatalog;
import dev.berth.config.AppDefinition;
import dev.berth.deploy.Deployment;
import dev.berth.deploy.DeploymentChanged;
import dev.berth.deploy.DeploymentStatus;
import dev.berth.deploy.DeploymentStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Records the promotion lead time when a promoted deployment succeeds: from the creation of the earliest deployment
 * of the same digest to the app's first environment (among its newest {@link #SEARCHED} deployments there) to the
 * end of the promoted one.
 */
@ApplicationScoped
public class PromotionLeadTime {

    /** Deployments of the first environment searched for the digest's first deployment, newest first. */
    static final int SEARCHED = 100;

    private static final Logger LOG = Logger.getLogger(PromotionLeadTime.class);

    private final AppCatalog catalog;
    private final DeploymentStore store;
    private final PromotionMetrics metrics;

    public PromotionLeadTime(AppCatalog catalog, DeploymentStore store, PromotionMetrics metrics) {
        this.catalog = catalog;
        this.store = store;
        this.metrics = metrics;
    }

    void onChange(@Observes DeploymentChanged changed) {
        Deployment d = changed.deployment();
        if (d.status() != DeploymentStatus.SUCCEEDED || d.trigger() == null
                || !d.trigger().startsWith("promotion:") || d.finishedAt() == null) {
            return;
        }
        try {
            leadTime(d).ifPresent(lead -> metrics.promoted(d.app(), d.env(), lead));
        } catch (RuntimeException e) {
            LOG.warnf("Promotion lead time of %s not recorded: %s", d.id(), e.getMessage());
        }
    }

    /** The lead time of the promoted deployment {@code d}, when its digest's first deployment is known. */
    Optional<Duration> leadTime(Deployment d) {
        Optional<AppDefinition> app = catalog.find(d.app());
        if (app.isEmpty() || app.get().first().name().equals(d.env())) {
            return Optional.empty();
        }
        Optional<Instant> first = store.list(Optional.of(d.app()), Optional.of(app.get().first().name()), SEARCHED)
                .stream().filter(x -> x.digest().equals(d.digest())).map(Deployment::createdAt)
                .min(Comparator.naturalOrder());
        return first.map(at -> Duration.between(at, d.finishedAt()));
    }
}
