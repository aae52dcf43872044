package dev.berth.reconcile;

import dev.berth.config.AppCatalog;
import dev.berth.config.AppDefinition;
import dev.berth.config.EnvironmentSpec;
import dev.berth.deploy.Deployment;
import dev.berth.deploy.DeploymentStatus;
import dev.berth.deploy.DeploymentStore;
import dev.berth.promote.EnvironmentRecords;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Upgrades from a berth without status records: an environment that has deployments but no record yet is adopted
 * once, its {@code current} set from its newest succeeded deployment and its {@code knownGood} from the known-good
 * hash. This is the only place that reads the history for "what runs", and only while a record is missing; from then
 * on the record is written at every transition.
 */
@ApplicationScoped
public class StatusAdoption {

    private static final Logger LOG = Logger.getLogger(StatusAdoption.class);
    /** Deployments looked at for the newest succeeded one. */
    static final int HISTORY = 50;

    private final AppCatalog catalog;
    private final EnvStatusStore statuses;
    private final DeploymentStore store;
    private final EnvironmentRecords records;

    public StatusAdoption(AppCatalog catalog, EnvStatusStore statuses, DeploymentStore store,
            EnvironmentRecords records) {
        this.catalog = catalog;
        this.statuses = statuses;
        this.store = store;
        this.records = records;
    }

    @Scheduled(every = "${berth.reconcile.adopt-every:30s}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void adoptAll() {
        for (AppDefinition app : catalog.all()) {
            for (EnvironmentSpec env : app.environments()) {
                try {
                    adopt(app, env);
                } catch (RuntimeException e) {
                    LOG.warnf("Status record of %s/%s not adopted: %s", app.name(), env.name(), e.getMessage());
                }
            }
        }
    }

    void adopt(AppDefinition app, EnvironmentSpec env) {
        if (statuses.read(app.name(), env.name()).version() > 0) {
            return;
        }
        Optional<Deployment> running = store.list(Optional.of(app.name()), Optional.of(env.name()), HISTORY).stream()
                .filter(d -> d.status() == DeploymentStatus.SUCCEEDED).findFirst();
        if (running.isEmpty()) {
            return;
        }
        Deployment d = running.get();
        Optional<EnvStatus.Release> good = records.knownGood(app.name(), env.name()).map(g -> new EnvStatus.Release(
                g.deployment().value(), g.digest().value(), g.release(), g.tag()));
        EnvStatus adopted = EnvStatus.empty(app.name(), env.name()).withPhase(Phase.HEALTHY)
                .withCurrent(new EnvStatus.Release(d.id().value(), d.digest().value(), d.releaseId().value(), d.tag()))
                .withDesired(new EnvStatus.Desired(d.id().value(), d.digest().value(), d.tag(), d.releaseId().value(),
                        d.composeSha256(), d.reason()))
                .withKnownGood(good.orElse(null));
        if (statuses.compareAndSet(adopted).isPresent()) {
            LOG.infof("Status record of %s/%s adopted from its deployment history: runs %s (%s)", app.name(),
                    env.name(), d.releaseId(), d.id());
        }
    }
}
