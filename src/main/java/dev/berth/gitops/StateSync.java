package dev.berth.gitops;

import dev.berth.config.AppCatalog;
import dev.berth.config.AppDefinition;
import dev.berth.config.EnvironmentSpec;
import dev.berth.config.LoadReport;
import dev.berth.work.Heartbeat;
import dev.berth.work.ManagedExecutors;
import dev.berth.work.WorkConfig;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.time.Duration;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Keeps berth in step with the state repository: at start, on a push event ({@link PullOnPush}) and on a poll
 * interval, it pulls, reloads the app catalog from the checkout (refused apps are notified, their last valid
 * definition keeps running), reconciles ({@link Reconciler}) and has every environment checked for drift
 * ({@link DriftWatch}). Work happens once per new commit. With a review gate ({@link ReviewGate},
 * {@code berth.state.review.mode}) a commit that does not pass is not applied: the last applied commit keeps running
 * and {@link Unreviewed} tells people once. The gate reads Git objects; only an accepted commit is checked out.
 */
@ApplicationScoped
public class StateSync {

    private static final Logger LOG = Logger.getLogger(StateSync.class);

    private final StateRepositoryService state;
    private final AppCatalog catalog;
    private final Reconciler reconciler;
    private final Refusals refusals;
    private final DriftWatch drift;
    private final ReviewGate gate;
    private final Unreviewed unreviewed;
    private final ReviewedByApi byAdmin;
    private final Heartbeat polls;
    /** The commit whose catalog and reconciliation are done. */
    private volatile String synced;
    /**
     * The newest commit the review gate held back with the admin's API marker of then, so it is not checked again on
     * every pull (a new API marker makes it looked at again, on every replica).
     */
    private volatile String heldBack;

    public StateSync(StateRepositoryService state, AppCatalog catalog, Reconciler reconciler, Refusals refusals,
            DriftWatch drift, StateConfig config, ReviewConfig review, Unreviewed unreviewed, ReviewedByApi byAdmin,
            ManagedExecutors executors, WorkConfig work) {
        this.byAdmin = byAdmin;
        this.state = state;
        // A poll that hangs (a Git server that never answers) stops the poll loop: liveness reports it.
        Duration threePolls = config.pollInterval().multipliedBy(3);
        this.polls = executors.register("state-poll",
                threePolls.compareTo(work.stallAfter()) > 0 ? threePolls : work.stallAfter());
        this.catalog = catalog;
        this.reconciler = reconciler;
        this.refusals = refusals;
        this.drift = drift;
        if (review.mode() != ReviewMode.NONE && config.signingKey().isEmpty()) {
            throw new IllegalStateException("berth.state.review.mode=" + review.mode().wire() + " needs "
                    + "berth.state.signing-key: without it berth cannot tell its own pin commits from forged ones");
        }
        this.gate = new ReviewGate(review.mode(), review.markerFile(), review.allowedSigners(),
                OwnCommits.of(config.authorName(), config.authorEmail(),
                        config.signingKey().map(k -> new CommitSigner(k).publicKey())));
        this.unreviewed = unreviewed;
    }

    /** After {@link StateRepositoryService} opened the checkout (and after {@code berth.apps.dir} was loaded). */
    void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION + 600) StartupEvent event) {
        if (!state.enabled()) {
            return;
        }
        try {
            apply(state.head().orElseThrow());
        } catch (RuntimeException e) {
            LOG.errorf("State repository not reconciled at start (%s); the next pull tries again", e.getMessage());
        }
    }

    @Scheduled(every = "${berth.state.poll-interval:1m}", delayed = "${berth.state.poll-interval:1m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        polls.beat();
        if (state.enabled()) {
            sync("poll");
        }
    }

    /** Pulls and, when the head moved (or the last one was not finished), reloads and reconciles. */
    public synchronized void sync(String why) {
        try {
            String head = state.pull();
            if (!head.equals(synced) && !(head + " " + adminMarker().orElse("")).equals(heldBack)) {
                LOG.infof("State repository at %s (%s)", Refusals.shortId(head), why);
                apply(head);
            }
        } catch (StateRepositoryException | RuntimeException e) {
            LOG.errorf("State repository not synced (%s): %s", why, e.getMessage());
        }
    }

    /** The commit berth's catalog and deployments follow, once it was reconciled. */
    public Optional<String> synced() {
        return Optional.ofNullable(synced);
    }

    private synchronized void apply(String head) {
        Optional<String> marked = adminMarker();
        ReviewGate.Verdict verdict = state.inspect(repo -> gate.check(repo, head, marked));
        if (!verdict.accepted()) {
            heldBack = head + " " + marked.orElse("");
            unreviewed.refused(verdict, gate.mode(), synced);
            return;
        }
        try {
            state.checkout(head);
        } catch (StateRepositoryException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        Snapshot snapshot = state.read(tree -> new Snapshot(catalog.reload(tree), pins(tree)));
        if (snapshot.report().ok()) {
            LOG.infof("app definitions at %s: %s", Refusals.shortId(head), snapshot.report().summary());
        } else {
            LOG.warnf("app definitions at %s: %s", Refusals.shortId(head), snapshot.report().summary());
        }
        if (!head.equals(synced)) {
            refusals.apps(snapshot.report(), head);
        }
        reconciler.reconcile(snapshot.pins(), head);
        synced = head;
        drift.configChanged(head);
        unreviewed.applied();
    }

    private Optional<String> adminMarker() {
        return gate.mode() == ReviewMode.MARKER ? byAdmin.current().map(ReviewedByApi.Marked::sha) : Optional.empty();
    }

    /** Pin files of every environment in the catalog, read under the same lock as the catalog. */
    private Map<String, String> pins(Path tree) {
        Map<String, String> pins = new LinkedHashMap<>();
        for (AppDefinition app : catalog.all()) {
            for (EnvironmentSpec env : app.environments()) {
                Path file = tree.resolve(Reconciler.pinPath(app, env));
                if (Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    try {
                        pins.put(Reconciler.pinPath(app, env),
                                new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.UTF_8));
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot read " + Reconciler.pinPath(app, env), e);
                    }
                }
            }
        }
        return pins;
    }

    private record Snapshot(LoadReport report, Map<String, String> pins) {
    }
}
