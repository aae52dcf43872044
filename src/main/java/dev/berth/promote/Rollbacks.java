package dev.berth.promote;

import dev.berth.config.AppDefinition;
import dev.berth.config.EnvironmentSpec;
import dev.berth.deploy.Deployment;
import dev.berth.deploy.DeploymentExecutor.DeployLog;
import dev.berth.deploy.DeploymentStatus;
import dev.berth.deploy.DeploymentStore;
import dev.berth.domain.AppName;
import dev.berth.domain.DeploymentId;
import dev.berth.domain.EnvName;
import dev.berth.domain.ReleaseId;
import dev.berth.verify.CheckResult;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * What a rollback needs to know and leave behind: the release it restores, the incident note (kept with the failed
 * deployment, {@link DeploymentStore#incident}), and the rollback's own deployment record. A rollback that restored a
 * release on every host (and re-verified it) is its own deployment record of that release (trigger
 * {@code rollback:<failed id>}, created only after the failed deployment is finished) with its own log (the
 * rollback's steps and the incident note), which ends like any deployment's; it is then announced as
 * {@link RolledBack}, so what berth reports as running, the guard and the state repository all agree with the hosts.
 * The rollback itself runs in the environment's reconciler ({@code reconcile.RollbackAttempts}).
 */
@ApplicationScoped
public class Rollbacks {

    private static final Logger LOG = Logger.getLogger(Rollbacks.class);
    /** Deployments searched for the restored release. */
    private static final int HISTORY = 50;

    private final EnvironmentRecords records;
    private final DeploymentStore store;
    private final Event<RolledBack> rolledBack;
    private final Clock clock;

    public Rollbacks(EnvironmentRecords records, DeploymentStore store, Event<RolledBack> rolledBack, Clock clock) {
        this.records = records;
        this.store = store;
        this.rolledBack = rolledBack;
        this.clock = clock;
    }

    /**
     * The release a rollback away from {@code from} restores when none is named: the environment's known-good release
     * when it is not {@code from}'s, else the newest earlier succeeded release of another digest that is not
     * quarantined. berth always names it to the agent, so the host's own fallback (its previous release, which after
     * one rollback is the release that was rolled back) never decides. Empty: nothing good to go back to.
     */
    public Optional<ReleaseId> target(AppDefinition app, EnvironmentSpec env, Deployment from) {
        Optional<String> good = records.knownGood(app.name(), env.name())
                .filter(g -> !g.release().equals(from.releaseId().value()) && !g.digest().equals(from.digest()))
                .map(EnvironmentRecords.KnownGood::release);
        if (good.isPresent()) {
            return good.map(ReleaseId::new);
        }
        return store.list(Optional.of(app.name()), Optional.of(env.name()), HISTORY).stream()
                .filter(d -> d.status() == DeploymentStatus.SUCCEEDED)
                .filter(d -> !d.releaseId().equals(from.releaseId()) && !d.digest().equals(from.digest()))
                .filter(d -> records.quarantined(app.name(), d.digest()).isEmpty())
                .map(Deployment::releaseId).findFirst();
    }

    /** The incident note of a rollback: what failed, when, why, what runs again and how it was checked. */
    public static String note(AppName app, EnvName env, Deployment failed, Instant at, String trigger,
            String restored, String problem, String reverify, boolean quarantined) {
        return """
                Incident: %s/%s rolled back
                Failed release: %s (%s%s)
                Time (UTC): %s
                Trigger: %s
                Restored release: %s%s
                Re-verification: %s
                """.formatted(app, env, failed.releaseId(), failed.digest(),
                failed.tag() == null ? "" : ", tag " + failed.tag(), at, trigger,
                restored == null ? "none" : restored, problem == null ? "" : " (problem: " + problem + ")",
                reverify) + (quarantined ? """
                The digest %s is quarantined for %s: it is not deployed automatically again until a newer push \
                or an explicit promote.
                """.formatted(failed.digest(), app) : "");
    }

    /**
     * Opens the rollback's own deployment record: a running deployment of {@code release} (copied from that release's
     * record in berth's history, trigger {@code rollback:<failed id>}), created only once the failed deployment is
     * finished. Empty when the release is not in berth's history (then {@code log} says so) or cannot be saved.
     */
    public Optional<Deployment> open(AppDefinition app, Deployment failed, String release, String why,
            DeployLog log) {
        try {
            Optional<Deployment> source = store.list(Optional.of(app.name()), Optional.of(failed.env()), HISTORY)
                    .stream().filter(d -> d.releaseId().value().equals(release)
                            && !d.trigger().equals("rollback:" + failed.id())).findFirst();
            if (source.isEmpty()) {
                log.line("berth", "restored release " + release + " is not in berth's history: not recorded");
                return Optional.empty();
            }
            Deployment s = source.get();
            Instant now = clock.instant();
            Deployment running = new Deployment(DeploymentId.next(now), s.app(), s.env(), s.image(), s.tag(),
                    s.digest(), s.releaseId(), failed.hosts(), DeploymentStatus.RUNNING, now, now, null,
                    "rollback:" + failed.id(), "rollback of " + failed.releaseId() + " (" + why + ")", null,
                    s.composeSha256());
            store.save(running);
            return Optional.of(running);
        } catch (RuntimeException e) {
            LOG.errorf("Rollback of %s/%s not recorded: %s", app.name(), failed.env(), e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Finishes the rollback's record as succeeded (every host runs the restored release, re-verified), ends its log
     * like any deployment's, and announces it as {@link RolledBack}; a failure here never undoes the rollback.
     */
    public Optional<Deployment> close(AppDefinition app, Deployment failed, Deployment running) {
        try {
            Deployment done = running.with(DeploymentStatus.SUCCEEDED, clock.instant(), null);
            store.log(done.id(), "berth", "recorded " + done.id() + ": " + app.name() + "/" + failed.env() + " runs "
                    + done.releaseId() + " (" + done.digest() + ") again");
            store.save(done);
            store.endLog(done.id(), DeploymentStatus.SUCCEEDED.wire());
            rolledBack.fire(new RolledBack(failed, done, records.quarantined(app.name())));
            return Optional.of(done);
        } catch (RuntimeException e) {
            LOG.errorf("Rollback of %s/%s not recorded: %s", app.name(), failed.env(), e.getMessage());
            return Optional.empty();
        }
    }

    /** A check result as the incident note and the logs say it. */
    public static String describe(CheckResult r) {
        return r.check() == null ? r.verdict().name().toLowerCase() : r.check() + ": " + r.detail();
    }
}
