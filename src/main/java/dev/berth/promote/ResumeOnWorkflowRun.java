package dev.berth.promote;

import dev.berth.config.AppCatalog;
import dev.berth.config.AppDefinition;
import dev.berth.config.EnvironmentSpec;
import dev.berth.domain.AppName;
import dev.berth.domain.EnvName;
import dev.berth.events.Event;
import dev.berth.events.EventKind;
import dev.berth.events.RedisKeys;
import dev.berth.events.StreamWorker;
import dev.berth.events.StreamWorkers;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Reads completed workflow runs from the events stream (its own consumer group {@code ci-gate}, created at start by
 * {@link dev.berth.events.ConsumerGroups}, so every run is handled once across replicas), records each run's conclusion for its repository, commit and workflow, and then re-judges the
 * promotions waiting for that commit: passed, they go on (to approval or to the deploy); failed, they are refused.
 */
@ApplicationScoped
public class ResumeOnWorkflowRun implements StreamWorker.Handler {

    private static final Logger LOG = Logger.getLogger(ResumeOnWorkflowRun.class);
    /** The name a run is recorded under when GitHub sent no workflow name. */
    static final String UNNAMED = "(unnamed)";

    private final StreamWorkers workers;
    private final RedisKeys keys;
    private final CiGateConfig config;
    private final CiRuns runs;
    private final AppCatalog catalog;
    private final Promotions promotions;

    public ResumeOnWorkflowRun(StreamWorkers workers, RedisKeys keys, CiGateConfig config,
            CiRuns runs, AppCatalog catalog, Promotions promotions) {
        this.workers = workers;
        this.keys = keys;
        this.config = config;
        this.runs = runs;
        this.catalog = catalog;
        this.promotions = promotions;
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.enabled()) {
            return;
        }
        workers.start(keys.events(), RedisKeys.CI_GATE_GROUP, "ci-gate", this, config.claimIdle(),
                config.maxDeliveries());
    }

    @Override
    public void handle(String id, Map<String, String> fields) {
        if (!EventKind.WORKFLOW_RUN.wire().equals(fields.get("kind"))) {
            return;
        }
        Event event = Event.fromFields(fields);
        Optional<String> sha = CiRuns.sha(event.gitSha());
        if (event.gitRepository() == null || event.conclusion() == null || sha.isEmpty()) {
            return;
        }
        String repository = event.gitRepository().toLowerCase(Locale.ROOT);
        String workflow = event.workflow() == null ? UNNAMED : event.workflow();
        runs.record(repository, sha.get(), workflow, event.conclusion());
        LOG.debugf("Workflow run %s of %s@%s: %s", workflow, repository, sha.get(), event.conclusion());
        for (String waiter : runs.waiters(repository, sha.get())) {
            resume(waiter, repository, sha.get());
        }
    }

    /** Re-judges the promotion into {@code appEnv} ({@code app:env}) that waits for this commit. */
    private void resume(String appEnv, String repository, String sha) {
        int colon = appEnv.indexOf(':');
        AppName app = new AppName(appEnv.substring(0, colon));
        EnvName env = new EnvName(appEnv.substring(colon + 1));
        Optional<CiRuns.Waiting> waiting = runs.waiting(app, env);
        if (waiting.isEmpty() || !waiting.get().sha().equals(sha) || !waiting.get().repository().equals(repository)) {
            runs.forget(repository, sha, appEnv); // released already, or replaced by a promotion of another commit
            return;
        }
        CiRuns.Waiting w = waiting.get();
        Optional<AppDefinition> definition = catalog.find(app);
        Optional<EnvironmentSpec> target = definition.flatMap(d -> d.environment(env));
        if (target.isEmpty()) {
            if (runs.take(app, env, w)) {
                LOG.warnf("Promotion of %s to %s dropped: the environment is not defined anymore", w.digest(), appEnv);
            }
            return;
        }
        CiVerdict verdict = target.get().gate()
                .map(gate -> CiVerdict.of(gate, sha, runs.runs(gate.repository(), sha)))
                .orElse(new CiVerdict(CiVerdict.Status.PASSED, "the environment has no CI gate anymore"));
        if (verdict.status() == CiVerdict.Status.WAITING || !runs.take(app, env, w)) {
            return;
        }
        if (verdict.status() == CiVerdict.Status.PASSED) {
            LOG.infof("Promotion of %s to %s passes its CI gate: %s", w.digest(), appEnv, verdict.reason());
            promotions.pastGate(definition.get(), target.get(), w.from(), w.digest(), w.tag(),
                    w.why() + " (" + verdict.reason() + ")");
        } else {
            promotions.refuse(definition.get(), target.get(), w.digest(), w.tag(), verdict.reason());
        }
    }
}
