package dev.berth.gitops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.jboss.logging.Logger;

/**
 * The state repository through JGit, in one class: clone, fetch, commit whole files, push, check out.
 *
 * <p>berth's commits are built from Git objects ({@link PinCommits}), never through the work tree, on the local
 * branch; the work tree (a detached {@code HEAD}) is moved only by {@link #checkout(String)}, to a commit the
 * review gate accepted. So a refused commit is never checked out and no file of the work tree (a symbolic link
 * included) is ever written through.
 *
 * <p>When the remote moved, berth fetches and replays the commits it made since the last fetch on the new head
 * (file by file: a pin file is the decision), then pushes again; JGit's {@code push()} does not throw on a rejected
 * update, so every {@link RemoteRefUpdate} is checked. Only those commits are ever pushed: a clone left from another
 * repository at the same URL, or a remote branch that was force-pushed, is noticed at fetch ({@link CloneCheck}) and
 * berth's branch is moved to the remote's, with a WARN line. When the remote is unreachable the commits stay local
 * and {@link #pushPending()} sends them later.
 */
public class GitStateRepository implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(GitStateRepository.class);

    private final Git git;
    private final String branch;
    private final int pushAttempts;
    private final CredentialsProvider credentials;
    private final PinCommits commits;
    /** Whether the work tree holds a checkout (a fresh clone has none until the gate accepted a commit). */
    private boolean hasCheckout;

    private GitStateRepository(Git git, String branch, PinCommits commits, int pushAttempts,
            CredentialsProvider credentials) {
        this.git = git;
        this.branch = branch;
        this.commits = commits;
        this.pushAttempts = pushAttempts;
        this.credentials = credentials;
    }

    /** {@link #open(String, String, Path, String, String, int, String, CommitSigner)} without a signing key. */
    public static GitStateRepository open(String url, String branch, Path dir, String authorName, String authorEmail,
            int pushAttempts, String token) throws StateRepositoryException {
        return open(url, branch, dir, authorName, authorEmail, pushAttempts, token, null);
    }

    /**
     * Clones {@code url} into {@code dir} (nothing checked out yet), or opens the clone that is there and fetches.
     * A clone of another URL, or one whose branch does not contain the remote branch's root commit (another
     * repository at the same URL), is deleted and cloned again, with a WARN line.
     */
    static GitStateRepository open(String url, String branch, Path dir, String authorName, String authorEmail,
            int pushAttempts, String token, CommitSigner signer) throws StateRepositoryException {
        CredentialsProvider credentials = token == null ? null
                : new UsernamePasswordCredentialsProvider("x-access-token", token);
        PersonIdent berth = new PersonIdent(authorName, authorEmail);
        try {
            if (Files.isDirectory(dir.resolve(".git"))) {
                Git git = Git.open(dir.toFile());
                String origin = git.getRepository().getConfig().getString("remote", "origin", "url");
                GitStateRepository repo = new GitStateRepository(git, branch, new PinCommits(git.getRepository(),
                        berth, signer), pushAttempts, credentials);
                String stale = !url.equals(origin) ? "a clone of another URL (" + redact(String.valueOf(origin)) + ")"
                        : repo.openFetch();
                if (stale == null) {
                    repo.detachHead();
                    return repo;
                }
                LOG.warnf("The state repository clone in %s is %s: it is replaced by a new clone of %s; commits it "
                        + "held that %s never had are not pushed", dir, stale, redact(url), redact(url));
                git.close();
                deleteTree(dir);
            }
            Files.createDirectories(dir);
            Git git = Git.cloneRepository().setURI(url).setBranch(branch).setDirectory(dir.toFile())
                    .setNoCheckout(true).setCredentialsProvider(credentials).call();
            GitStateRepository repo = new GitStateRepository(git, branch,
                    new PinCommits(git.getRepository(), berth, signer), pushAttempts, credentials);
            repo.detachHead();
            return repo;
        } catch (IOException | GitAPIException e) {
            throw new StateRepositoryException("cannot open state repository " + redact(url) + " in " + dir + ": "
                    + e.getMessage(), e);
        }
    }

    /** At open: fetches; null when the clone belongs to the remote (or the remote cannot be reached), else why not. */
    private String openFetch() throws IOException {
        try {
            CloneCheck.Result result = fetch();
            return result.foreign();
        } catch (GitAPIException e) {
            LOG.warnf("State repository not fetched at start (%s); the next pull tries again", e.getMessage());
            return null;
        }
    }

    public Path workTree() {
        return git.getRepository().getWorkTree().toPath();
    }

    /** Runs {@code reader} on the work tree while no pull, commit or checkout can change it; returns its result. */
    public synchronized <T> T read(java.util.function.Function<Path, T> reader) {
        return reader.apply(workTree());
    }

    /** Runs {@code inspector} on the JGit repository while no pull or commit can change it; returns its result. */
    public synchronized <T> T inspect(java.util.function.Function<Repository, T> inspector) {
        return inspector.apply(git.getRepository());
    }

    /** The tip of berth's branch: the remote branch with berth's unpushed commits on top (null when empty). */
    public synchronized String head() {
        return idOf(Constants.R_HEADS + branch);
    }

    /** The commit the work tree is at (null until one was checked out). */
    public synchronized String checkedOut() {
        return hasCheckout ? idOf(Constants.HEAD) : null;
    }

    /**
     * Moves the work tree to {@code commit} (which the caller's review gate accepted): a hard reset of the detached
     * {@code HEAD} and the removal of untracked files. A tree holding anything but directories and regular files is
     * refused before anything is written.
     */
    public synchronized void checkout(String commit) throws StateRepositoryException {
        try {
            Repository repo = git.getRepository();
            try (RevWalk walk = new RevWalk(repo)) {
                RevCommit c = walk.parseCommit(ObjectId.fromString(commit));
                var problem = TreeSafety.problem(repo, c.getTree());
                if (problem.isPresent()) {
                    throw new StateRepositoryException("commit " + CommitChanges.shortId(c) + " not checked out: "
                            + problem.get(), null);
                }
            }
            git.reset().setMode(ResetCommand.ResetType.HARD).setRef(commit).call();
            git.clean().setCleanDirectories(true).setForce(true).setIgnore(false).call();
            hasCheckout = true;
        } catch (IOException | GitAPIException e) {
            throw new StateRepositoryException("cannot check out " + commit + ": " + e.getMessage(), e);
        }
    }

    /**
     * Commits {@code files} (repository path to content) as berth with {@code message} on berth's branch, from Git
     * objects (the work tree is not touched), and pushes. Returns the commit id; a commit that changes nothing is not
     * made (the branch tip is returned).
     */
    public synchronized String commit(Map<String, String> files, String message) throws StateRepositoryException {
        return commit(files, message, true);
    }

    /** {@link #commit(Map, String)}, pushing only when {@code push} (else {@link #pushPending()} sends it later). */
    public synchronized String commit(Map<String, String> files, String message, boolean push)
            throws StateRepositoryException {
        try {
            Repository repo = git.getRepository();
            ObjectId tip = repo.resolve(Constants.R_HEADS + branch);
            ObjectId made = commits.commit(tip, files, message);
            if (made.equals(tip)) {
                return tip.name();
            }
            moveBranch(tip, made);
            if (push) {
                pushPending();
            }
            return made.name();
        } catch (IOException e) {
            throw new StateRepositoryException("cannot commit to the state repository: " + e.getMessage(), e);
        }
    }

    /** Pushes local commits; on a non-fast-forward rejection fetches, replays them on the remote branch, retries. */
    public synchronized boolean pushPending() {
        for (int attempt = 1; attempt <= pushAttempts; attempt++) {
            try {
                if (unpushed().isEmpty()) {
                    return true;
                }
                Iterable<PushResult> results = git.push().setRemote("origin").add(branch)
                        .setCredentialsProvider(credentials).call();
                RemoteRefUpdate.Status status = statusOf(results);
                switch (status) {
                    case OK, UP_TO_DATE -> {
                        return true;
                    }
                    // REJECTED_OTHER_REASON includes a concurrent writer holding the remote ref lock: retry too.
                    case REJECTED_NONFASTFORWARD, REJECTED_REMOTE_CHANGED, REJECTED_OTHER_REASON -> fetch();
                    default -> {
                        LOG.warnf("Push of the state repository was refused (%s); commits stay local", status);
                        return false;
                    }
                }
            } catch (GitAPIException | IOException e) {
                LOG.warnf("State repository not pushed (%s); commits stay local and are pushed later",
                        e.getMessage());
                return false;
            }
        }
        LOG.warnf("State repository not pushed after %d attempts (the remote keeps moving)", pushAttempts);
        return false;
    }

    /**
     * Fetches and moves berth's branch to the remote branch with berth's commits since the last fetch replayed on
     * top. Returns the new tip; the work tree does not move ({@link #checkout(String)}).
     */
    public synchronized String pull() throws StateRepositoryException {
        try {
            fetch();
            return head();
        } catch (GitAPIException | IOException e) {
            throw new StateRepositoryException("cannot pull the state repository: " + e.getMessage(), e);
        }
    }

    /** Local commits the remote branch does not have, oldest first. */
    synchronized List<RevCommit> unpushed() throws IOException {
        Repository repo = git.getRepository();
        ObjectId local = repo.resolve(Constants.R_HEADS + branch);
        ObjectId remote = repo.resolve(tracking());
        List<RevCommit> out = new ArrayList<>();
        if (local == null) {
            return out;
        }
        try (RevWalk walk = new RevWalk(repo)) {
            walk.markStart(walk.parseCommit(local));
            if (remote != null) {
                walk.markUninteresting(walk.parseCommit(remote));
            }
            walk.forEach(out::add);
        }
        Collections.reverse(out);
        return out;
    }

    /** Fetches, checks the clone against the remote ({@link CloneCheck}) and moves berth's branch accordingly. */
    private CloneCheck.Result fetch() throws GitAPIException, IOException {
        Repository repo = git.getRepository();
        ObjectId before = repo.resolve(tracking());
        git.fetch().setRemote("origin").setCredentialsProvider(credentials).call();
        ObjectId after = repo.resolve(tracking());
        ObjectId local = repo.resolve(Constants.R_HEADS + branch);
        CloneCheck.Result result = CloneCheck.check(repo, local, before, after);
        if (result.foreign() != null || result.forcePushed()) {
            LOG.warnf("State repository: %s; berth's branch moves to the remote's %s%s",
                    result.foreign() != null ? "the local clone is " + result.foreign()
                            : "the remote branch was force-pushed (" + CommitChanges.shortId(before) + " is no longer "
                                    + "in its history)",
                    after == null ? "(none)" : CommitChanges.shortId(after),
                    result.dropped().isEmpty() ? "" : "; local commits not pushed: " + result.dropped().stream()
                            .map(CommitChanges::shortId).toList());
        }
        if (after == null || result.ahead()) {
            return result;
        }
        ObjectId tip = after;
        for (RevCommit mine : result.replay()) {
            Map<String, String> files = commits.changedFiles(mine);
            tip = commits.commit(tip, files, mine.getFullMessage());
        }
        if (!Objects.equals(tip, local)) {
            moveBranch(local, tip);
        }
        return result;
    }

    private void moveBranch(ObjectId from, ObjectId to) throws IOException {
        RefUpdate u = git.getRepository().updateRef(Constants.R_HEADS + branch);
        u.setExpectedOldObjectId(from == null ? ObjectId.zeroId() : from);
        u.setNewObjectId(to);
        u.setRefLogMessage("berth", false);
        RefUpdate.Result r = u.forceUpdate();
        if (r != RefUpdate.Result.NEW && r != RefUpdate.Result.FORCED && r != RefUpdate.Result.FAST_FORWARD
                && r != RefUpdate.Result.NO_CHANGE) {
            throw new IOException("cannot move " + branch + " to " + to.name() + ": " + r);
        }
    }

    /** Detaches {@code HEAD} from berth's branch, so checking out never moves the branch. */
    private void detachHead() throws IOException {
        Repository repo = git.getRepository();
        if (!repo.exactRef(Constants.HEAD).isSymbolic()) {
            hasCheckout = true;
            return;
        }
        ObjectId at = repo.resolve(Constants.HEAD);
        hasCheckout = at != null && Files.exists(repo.getIndexFile().toPath())
                && repo.readDirCache().getEntryCount() > 0;
        if (at == null) {
            return;
        }
        RefUpdate u = repo.updateRef(Constants.HEAD, true);
        u.setNewObjectId(at);
        u.forceUpdate();
    }

    private String tracking() {
        return Constants.R_REMOTES + "origin/" + branch;
    }

    private String idOf(String ref) {
        try {
            ObjectId id = git.getRepository().resolve(ref);
            return id == null ? null : id.name();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static RemoteRefUpdate.Status statusOf(Iterable<PushResult> results) {
        RemoteRefUpdate.Status worst = RemoteRefUpdate.Status.UP_TO_DATE;
        for (PushResult r : results) {
            for (RemoteRefUpdate u : r.getRemoteUpdates()) {
                if (u.getStatus() != RemoteRefUpdate.Status.OK && u.getStatus() != RemoteRefUpdate.Status.UP_TO_DATE) {
                    return u.getStatus();
                }
                worst = u.getStatus();
            }
        }
        return worst;
    }

    /** Deletes a folder without following symbolic links (a link is removed, not its target). */
    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Collections.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** A URL without the credentials it may carry. */
    static String redact(String url) {
        return url.replaceAll("//[^/@]*@", "//***@");
    }

    @Override
    public void close() {
        git.close();
    }
}
