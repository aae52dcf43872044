package dev.berth.gitops;

import dev.berth.deploy.Deployment;
import dev.berth.deploy.DeploymentChanged;
import dev.berth.deploy.DeploymentStatus;
import dev.berth.promote.RolledBack;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Opens the state repository at start (when {@code berth.state.repo} is set) and writes every deployment decision
 * as a pin commit (a rollback also commits the app's quarantine list). Writes go through the outbox
 * ({@link StateWriteOutbox}): the caller (the deploy thread) only appends them to Redis; a worker commits and pushes,
 * retried while the remote is away.
 */
@ApplicationScoped
public class StateRepositoryService {

    private static final Logger LOG = Logger.getLogger(StateRepositoryService.class);

    private final StateConfig config;
    private final Clock clock;
    private final StateWriteOutbox outbox;
    private volatile GitStateRepository repo;

    public StateRepositoryService(StateConfig config, Clock clock, StateWriteOutbox outbox) {
        this.config = config;
        this.clock = clock;
        this.outbox = outbox;
    }

    void onStart(@Observes StartupEvent event) {
        if (config.repo().isEmpty()) {
            LOG.info("No state repository (berth.state.repo is not set): pins are not written to Git");
            return;
        }
        try {
            repo = GitStateRepository.open(config.repo().get(), config.branch(), config.dir(), config.authorName(),
                    config.authorEmail(), config.pushAttempts(), config.token().orElse(null),
                    config.signingKey().map(CommitSigner::new).orElse(null));
            if (config.signingKey().isEmpty()) {
                LOG.info("berth's state repository commits are not signed (berth.state.signing-key is not set)");
            }
            LOG.infof("State repository %s (%s) at commit %s", GitStateRepository.redact(config.repo().get()),
                    config.branch(), repo.head());
            outbox.start(repo);
        } catch (StateRepositoryException e) {
            throw new IllegalStateException(e.getMessage() + " (check berth.state.repo and berth.state.branch)", e);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        outbox.stop();
        if (repo != null) {
            repo.close();
        }
    }

    /** The checkout of the state repository, when one is configured. */
    public Optional<Path> workTree() {
        return Optional.ofNullable(repo).map(GitStateRepository::workTree);
    }

    /** Whether a state repository is configured and open. */
    public boolean enabled() {
        return repo != null;
    }

    /**
     * Fetches the remote branch and moves berth's branch to it (berth's commits since the last fetch replayed on
     * top); returns the new tip. The work tree does not move: {@link #checkout(String)} after the review gate.
     */
    public String pull() throws StateRepositoryException {
        if (repo == null) {
            throw new IllegalStateException("no state repository is configured (berth.state.repo)");
        }
        return repo.pull();
    }

    /** Moves the work tree to {@code commit}, which the review gate accepted. */
    public void checkout(String commit) throws StateRepositoryException {
        if (repo == null) {
            throw new IllegalStateException("no state repository is configured (berth.state.repo)");
        }
        repo.checkout(commit);
    }

    /** Runs {@code reader} on the checkout while no pull or commit changes it (the state repository must be open). */
    public <T> T read(java.util.function.Function<Path, T> reader) {
        if (repo == null) {
            throw new IllegalStateException("no state repository is configured (berth.state.repo)");
        }
        return repo.read(reader);
    }

    /** Runs {@code inspector} on the JGit repository of the checkout while no pull or commit changes it. */
    public <T> T inspect(java.util.function.Function<org.eclipse.jgit.lib.Repository, T> inspector) {
        if (repo == null) {
            throw new IllegalStateException("no state repository is configured (berth.state.repo)");
        }
        return repo.inspect(inspector);
    }

    /** The tip of berth's branch (what the next sync gates and applies), when a state repository is configured. */
    public Optional<String> head() {
        return Optional.ofNullable(repo).map(GitStateRepository::head);
    }

    /** Writes the pin of a succeeded deployment (a deploy, a promotion or a rollback). */
    void onDeployment(@Observes DeploymentChanged changed) {
        Deployment d = changed.deployment();
        if (repo == null || d.status() != DeploymentStatus.SUCCEEDED) {
            return;
        }
        Pin pin = new Pin(d.app(), d.env(), d.image(), d.tag(), d.digest(), d.releaseId(), d.id(), d.reason(),
                d.finishedAt() == null ? clock.instant() : d.finishedAt());
        write(pin, "deploy(" + d.app() + "/" + d.env() + "): " + d.digest().value().substring(0, 19)
                + (d.tag() == null ? "" : " (" + d.tag() + ")") + "\n\n" + d.reason() + "\nDeployment: " + d.id());
    }

    /**
     * Writes a rollback: the restored pin and the app's quarantine list, in one commit, so the next reconcile agrees
     * with the rollback (the pin names the restored release's record) and Git shows why the digest is held back.
     */
    void onRollback(@Observes RolledBack rollback) {
        Deployment d = rollback.restored();
        if (repo == null) {
            return;
        }
        Pin pin = new Pin(d.app(), d.env(), d.image(), d.tag(), d.digest(), d.releaseId(), d.id(), d.reason(),
                d.finishedAt() == null ? clock.instant() : d.finishedAt());
        Map<String, String> files = new java.util.LinkedHashMap<>();
        files.put(pin.path(), pin.toYaml());
        files.put(QuarantineFile.path(d.app()), QuarantineFile.render(rollback.quarantine()));
        Deployment failed = rollback.failed();
        commit(files, "rollback(" + d.app() + "/" + d.env() + "): " + d.digest().value().substring(0, 19)
                + (d.tag() == null ? "" : " (" + d.tag() + ")") + "\n\nRolled back from release " + failed.releaseId()
                + " (" + failed.digest() + "), now quarantined.\n" + d.reason() + "\nDeployment: " + d.id()
                + "\nFailed deployment: " + failed.id());
    }

    /** Queues a pin commit (see {@link #commit}); failures are logged, never thrown: the deploy itself has happened. */
    public Optional<String> write(Pin pin, String message) {
        return commit(Map.of(pin.path(), pin.toYaml()), message);
    }

    /**
     * Queues a commit of files (repository path to content) in the outbox and returns at once, without waiting for
     * Git: the commit id is not known yet, so the answer is always empty. The outbox worker commits and pushes it,
     * retried while the remote is away. When Redis cannot take the write, it is committed to the local clone at once
     * (no network) and pushed by the scheduled retry; the commit id is then returned. Failures are logged, never
     * thrown: the deploy itself has happened.
     */
    public Optional<String> commit(Map<String, String> files, String message) {
        if (repo == null) {
            return Optional.empty();
        }
        try {
            outbox.enqueue(files, message);
            return Optional.empty();
        } catch (RuntimeException e) {
            LOG.warnf("%s not queued for the state repository (%s): committed to the local clone instead, pushed "
                    + "every berth.state.push-retry", files.keySet(), e.getMessage());
        }
        try {
            return Optional.of(repo.commit(files, message, false));
        } catch (StateRepositoryException | RuntimeException e) {
            LOG.errorf("%s not committed to the state repository: %s", files.keySet(), e.getMessage());
            return Optional.empty();
        }
    }

    @Scheduled(every = "${berth.state.push-retry:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void pushPending() {
        if (repo != null) {
            repo.pushPending();
        }
    }
}
