package dev.berth.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.util.FS;

/**
 * A real state repository for tests: a bare repository reached over {@code file://} (what berth clones and pushes
 * to) and a person's clone that commits, reverts and pushes as "alice". The user's own git configuration is kept
 * out (JGit's user home points into the temporary folder).
 */
public final class StateGit implements AutoCloseable {

    private final Path remote;
    private final Git person;

    public StateGit(Path dir) {
        try {
            FS.DETECTED.setUserHome(Files.createDirectories(dir.resolve("home")).toFile());
            remote = dir.resolve("state.git");
            Git.init().setBare(true).setInitialBranch("main").setDirectory(remote.toFile()).call().close();
            person = Git.init().setInitialBranch("main").setDirectory(dir.resolve("person").toFile()).call();
            person.remoteAdd().setName("origin").setUri(new org.eclipse.jgit.transport.URIish(remote.toUri().toURL()))
                    .call();
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the state repository: " + e.getMessage(), e);
        }
    }

    /** What berth is configured with as {@code berth.state.repo}. */
    public String url() {
        return remote.toUri().toString();
    }

    /** Commits {@code files} as alice on top of the remote branch and pushes; returns the commit id. */
    public synchronized String commit(Map<String, String> files, String message) {
        return retried(() -> {
            for (Map.Entry<String, String> f : files.entrySet()) {
                Path file = person.getRepository().getWorkTree().toPath().resolve(f.getKey());
                Files.createDirectories(file.getParent());
                Files.writeString(file, f.getValue());
                person.add().addFilepattern(f.getKey()).call();
            }
            return person.commit().setMessage(message).setAuthor("alice", "alice@example.com")
                    .setCommitter("alice", "alice@example.com").call();
        });
    }

    private interface Change {
        RevCommit make() throws Exception;
    }

    /**
     * Makes a change on top of the remote branch and pushes it; when berth pushed in between (JGit reports the
     * rejection in the result, it does not throw), fetches and makes the change again, as a person would.
     */
    private String retried(Change change) {
        try {
            for (int attempt = 1; attempt <= 10; attempt++) {
                catchUp();
                RevCommit c = change.make();
                boolean pushed = true;
                for (var result : person.push().setRemote("origin").add("main").call()) {
                    for (var update : result.getRemoteUpdates()) {
                        pushed &= update.getStatus() == org.eclipse.jgit.transport.RemoteRefUpdate.Status.OK
                                || update.getStatus() == org.eclipse.jgit.transport.RemoteRefUpdate.Status.UP_TO_DATE;
                    }
                }
                if (pushed) {
                    return c.name();
                }
            }
            throw new IllegalStateException("the remote kept moving: 10 pushes rejected");
        } catch (IllegalStateException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("commit failed: " + e.getMessage(), e);
        }
    }

    /** {@code git revert <commit>} as alice, pushed; returns the revert commit id. */
    public synchronized String revert(String commit) {
        return retried(() -> {
            RevCommit c = person.revert().include(ObjectId.fromString(commit)).setOurCommitName("alice").call();
            if (c == null) {
                throw new IllegalStateException("revert of " + commit + " did not apply cleanly");
            }
            return c;
        });
    }

    /** One commit of the remote branch, newest first in {@link #log}. */
    public record Commit(String id, String author, String message) {
        public String subject() {
            return message.lines().findFirst().orElse("");
        }
    }

    /** The remote branch's history, newest first. */
    public List<Commit> log() {
        try (Git git = Git.open(remote.toFile())) {
            List<Commit> out = new ArrayList<>();
            for (RevCommit c : git.log().add(git.getRepository().resolve("refs/heads/main")).call()) {
                out.add(new Commit(c.name(), c.getAuthorIdent().getName(), c.getFullMessage()));
            }
            return out;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the log: " + e.getMessage(), e);
        }
    }

    /** A file of the remote branch's head, when it exists. */
    public Optional<String> file(String path) {
        try (Git git = Git.open(remote.toFile())) {
            Repository repo = git.getRepository();
            RevCommit head = repo.parseCommit(repo.resolve("refs/heads/main"));
            try (TreeWalk walk = TreeWalk.forPath(repo, path, head.getTree())) {
                return walk == null ? Optional.empty()
                        : Optional.of(new String(repo.open(walk.getObjectId(0)).getBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    private void catchUp() throws Exception {
        person.fetch().setRemote("origin").call();
        if (person.getRepository().resolve("refs/remotes/origin/main") != null) {
            person.reset().setMode(ResetCommand.ResetType.HARD).setRef("refs/remotes/origin/main").call();
        }
    }

    @Override
    public void close() {
        person.close();
    }
}
