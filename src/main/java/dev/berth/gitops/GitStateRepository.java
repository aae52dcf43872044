package dev.berth.gitops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.jboss.logging.Logger;

/**
 * The state repository through JGit porcelain, in one class: clone, pull, commit whole files, push.
 *
 * <p>berth's commits replace whole files (a pin file is the decision), so when the remote moved in between, berth
 * fetches, resets to the remote and replays its unpushed commits file by file, then pushes again. JGit's
 * {@code push()} does not throw on a rejected update, so every {@link RemoteRefUpdate} is checked. When the remote is
 * unreachable the commits stay local and {@link #pushPending()} sends them later.
 */
public class GitStateRepository implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(GitStateRepository.class);

    private final Git git;
    private final String branch;
    private final PersonIdent berth;
    private final int pushAttempts;
    private final CredentialsProvider credentials;

    private GitStateRepository(Git git, String branch, PersonIdent berth, int pushAttempts,
            CredentialsProvider credentials) {
        this.git = git;
        this.branch = branch;
        this.berth = berth;
        this.pushAttempts = pushAttempts;
        this.credentials = credentials;
    }

    /** Clones {@code url} into {@code dir}, or opens the clone that is there and fetches. */
    public static GitStateRepository open(String url, String branch, Path dir, String authorName, String authorEmail,
            int pushAttempts, String token) throws StateRepositoryException {
        CredentialsProvider credentials = token == null ? null
                : new UsernamePasswordCredentialsProvider("x-access-token", token);
        try {
            Git git;
            if (Files.isDirectory(dir.resolve(".git"))) {
                git = Git.open(dir.toFile());
            } else {
                Files.createDirectories(dir);
                git = Git.cloneRepository().setURI(url).setBranch(branch).setDirectory(dir.toFile())
                        .setCredentialsProvider(credentials).call();
            }
            GitStateRepository repo = new GitStateRepository(git, branch,
                    new PersonIdent(authorName, authorEmail), pushAttempts, credentials);
            return repo;
        } catch (IOException | GitAPIException e) {
            throw new StateRepositoryException("cannot open state repository " + redact(url) + " in " + dir + ": "
                    + e.getMessage(), e);
        }
    }

    public Path workTree() {
        return git.getRepository().getWorkTree().toPath();
    }

    /** Runs {@code reader} on the work tree while no pull or commit can change it; returns its result. */
    public synchronized <T> T read(java.util.function.Function<Path, T> reader) {
        return reader.apply(workTree());
    }

    /** Runs {@code inspector} on the JGit repository while no pull or commit can change it; returns its result. */
    public synchronized <T> T inspect(java.util.function.Function<Repository, T> inspector) {
        return inspector.apply(git.getRepository());
    }

    /** The commit the work tree is at. */
    public synchronized String head() {
        try {
            ObjectId head = git.getRepository().resolve("HEAD");
            return head == null ? null : head.name();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes {@code files} (repository path to content), commits them as berth with {@code message}, and pushes.
     * Returns the commit id; a commit that changes nothing is not made (the head is returned).
     */
    public synchronized String commit(Map<String, String> files, String message) throws StateRepositoryException {
        try {
            for (Map.Entry<String, String> f : files.entrySet()) {
                write(f.getKey(), f.getValue());
            }
            if (git.status().call().isClean()) {
                return head();
            }
            RevCommit commit = git.commit().setMessage(message).setAuthor(berth).setCommitter(berth)
                    .setAllowEmpty(false).call();
            pushPending();
            return head() == null ? commit.name() : head();
        } catch (IOException | GitAPIException e) {
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
                    case REJECTED_NONFASTFORWARD, REJECTED_REMOTE_CHANGED, REJECTED_OTHER_REASON -> replayOnRemote();
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

    /** Fetches and fast-forwards to the remote branch, keeping local commits on top. Returns the new head. */
    public synchronized String pull() throws StateRepositoryException {
        try {
            git.fetch().setRemote("origin").setCredentialsProvider(credentials).call();
            replayOnRemote();
            return head();
        } catch (GitAPIException | IOException e) {
            throw new StateRepositoryException("cannot pull the state repository: " + e.getMessage(), e);
        }
    }

    /** Local commits the remote branch does not have, oldest first. */
    synchronized List<RevCommit> unpushed() throws IOException {
        Repository repo = git.getRepository();
        ObjectId local = repo.resolve("refs/heads/" + branch);
        ObjectId remote = repo.resolve("refs/remotes/origin/" + branch);
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

    private void replayOnRemote() throws GitAPIException, IOException {
        git.fetch().setRemote("origin").setCredentialsProvider(credentials).call();
        List<RevCommit> mine = unpushed();
        List<Map<String, String>> contents = new ArrayList<>();
        for (RevCommit c : mine) {
            contents.add(changedFiles(c));
        }
        git.reset().setMode(ResetCommand.ResetType.HARD).setRef("refs/remotes/origin/" + branch).call();
        for (int i = 0; i < mine.size(); i++) {
            for (Map.Entry<String, String> f : contents.get(i).entrySet()) {
                write(f.getKey(), f.getValue());
            }
            if (!git.status().call().isClean()) {
                git.commit().setMessage(mine.get(i).getFullMessage()).setAuthor(mine.get(i).getAuthorIdent())
                        .setCommitter(berth).call();
            }
        }
    }

    /** The files a commit changed relative to its first parent, with their content in that commit. */
    private Map<String, String> changedFiles(RevCommit c) throws IOException, GitAPIException {
        Map<String, String> files = new LinkedHashMap<>();
        Repository repo = git.getRepository();
        List<org.eclipse.jgit.diff.DiffEntry> diffs;
        try (RevWalk walk = new RevWalk(repo); var reader = repo.newObjectReader()) {
            var newTree = new org.eclipse.jgit.treewalk.CanonicalTreeParser(null, reader, c.getTree());
            var oldTree = new org.eclipse.jgit.treewalk.CanonicalTreeParser();
            if (c.getParentCount() > 0) {
                oldTree.reset(reader, walk.parseCommit(c.getParent(0)).getTree());
            }
            diffs = git.diff().setOldTree(oldTree).setNewTree(newTree).call();
            for (var d : diffs) {
                if (d.getChangeType() == org.eclipse.jgit.diff.DiffEntry.ChangeType.DELETE) {
                    continue;
                }
                try (TreeWalk tw = TreeWalk.forPath(repo, d.getNewPath(), c.getTree())) {
                    files.put(d.getNewPath(), new String(repo.open(tw.getObjectId(0)).getBytes(),
                            StandardCharsets.UTF_8));
                }
            }
        }
        return files;
    }

    private void write(String path, String content) throws IOException, GitAPIException {
        if (path.contains("..") || path.startsWith("/")) {
            throw new IllegalArgumentException("state path must be relative and stay inside the repository: " + path);
        }
        Path file = workTree().resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        git.add().addFilepattern(path).call();
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

    /** A URL without the credentials it may carry. */
    static String redact(String url) {
        return url.replaceAll("//[^/@]*@", "//***@");
    }

    @Override
    public void close() {
        git.close();
    }
}
