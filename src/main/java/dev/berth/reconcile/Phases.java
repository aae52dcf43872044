package dev.berth.reconcile;

import dev.berth.config.AppCatalog;
import dev.berth.deploy.Deployment;
import dev.berth.domain.AppName;
import dev.berth.domain.EnvName;
import dev.berth.promote.EnvironmentRecords;
import dev.berth.promote.Soaks;
import dev.berth.verify.Guard;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumSet;
import java.util.Set;

/** Which steady phase an environment is in once its release was verified, and as the guard sees it afterwards. */
@ApplicationScoped
public class Phases {

    /** Phases the guard may move between; the others belong to the reconciler. */
    static final Set<Phase> GUARDED = EnumSet.of(Phase.HEALTHY, Phase.DEGRADED, Phase.SOAKING,
            Phase.AWAITING_APPROVAL, Phase.FAILED);

    private final AppCatalog catalog;
    private final Soaks soaks;
    private final EnvironmentRecords records;
    private final EnvStatusStore statuses;

    public Phases(AppCatalog catalog, Soaks soaks, EnvironmentRecords records, EnvStatusStore statuses) {
        this.catalog = catalog;
        this.soaks = soaks;
        this.records = records;
        this.statuses = statuses;
    }

    /** Soaking when its soak runs, awaiting approval when the next environment waits for it, else healthy. */
    public Phase afterVerified(Deployment d) {
        return steady(d.app(), d.env());
    }

    private Phase steady(AppName app, EnvName env) {
        if (soaks.find(app, env).isPresent()) {
            return Phase.SOAKING;
        }
        boolean waits = catalog.find(app).flatMap(a -> a.next(env))
                .flatMap(next -> records.approval(app, next.name())).isPresent();
        return waits ? Phase.AWAITING_APPROVAL : Phase.HEALTHY;
    }

    /**
     * After a guard round whose health changed: degraded while checks fail (degraded or failing), else the steady
     * phase. A round whose checks could not run (a checker error: the API's health {@code unknown}) never changes the
     * guard's health, so it never makes an environment degraded nor rolls it back.
     */
    public void guarded(AppName app, EnvName env, Guard.Health health) {
        Phase wanted = health == Guard.Health.DEGRADED || health == Guard.Health.FAILING ? Phase.DEGRADED
                : steady(app, env);
        statuses.update(app, env, x -> x.rollback() != null || !GUARDED.contains(x.phase())
                || x.phase() == Phase.FAILED ? x : x.withPhase(wanted));
    }
}
