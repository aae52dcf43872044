package dev.berth.gitops;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.util.FS;

/**
 * A bare state repository over {@code file://} ({@code .../acme/state.git}) seeded with {@code apps/web} from the
 * test resources, and a person's clone that commits to it. berth is pointed at it with its checkout in a temporary
 * folder and deploy workers off (tests observe queued deployments, no SSH).
 */
public class StateRemote implements QuarkusTestResourceLifecycleManager {

    private static Path tmp;
    private static Path remote;
    private static Git person;

    @Override
    public Map<String, String> start() {
        try {
            tmp = Files.createTempDirectory("berth-state");
            // Keep the user's git configuration out of the tests.
            FS.DETECTED.setUserHome(tmp.resolve("home").toFile());
            remote = tmp.resolve("acme/state.git");
            Git.init().setBare(true).setInitialBranch("main").setDirectory(remote.toFile()).call().close();
            person = Git.init().setInitialBranch("main").setDirectory(tmp.resolve("person").toFile()).call();
            person.remoteAdd().setName("origin").setUri(new org.eclipse.jgit.transport.URIish(remote.toUri().toURL()))
                    .call();
            Path web = Path.of("src/test/resources/apps/web");
            commit(Map.of("apps/web/app.yaml", Files.readString(web.resolve("app.yaml")),
                    "apps/web/compose.yaml", Files.readString(web.resolve("compose.yaml"))), "seed apps/web");
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the state repository: " + e.getMessage(), e);
        }
        return Map.of("berth.state.repo", remote.toUri().toString(),
                "berth.state.dir", tmp.resolve("berth-checkout").toString(),
                "berth.state.poll-interval", "1h",
                "berth.deploy.enabled", "false");
    }

    @Override
    public void stop() {
        if (person != null) {
            person.close();
        }
        try (Stream<Path> files = Files.walk(tmp)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Commits {@code files} as a person on top of the remote branch and pushes; returns the commit id. */
    public static synchronized String commit(Map<String, String> files, String message) throws Exception {
        catchUp();
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path file = person.getRepository().getWorkTree().toPath().resolve(f.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, f.getValue());
            person.add().addFilepattern(f.getKey()).call();
        }
        RevCommit c = person.commit().setMessage(message).setAuthor("alice", "alice@example.com")
                .setCommitter("alice", "alice@example.com").call();
        person.push().setRemote("origin").add("main").call();
        return c.name();
    }

    /** {@code git revert <commit>} as a person, pushed; returns the revert commit id. */
    public static synchronized String revert(String commit) throws Exception {
        catchUp();
        RevCommit c = person.revert().include(ObjectId.fromString(commit)).setOurCommitName("alice").call();
        person.push().setRemote("origin").add("main").call();
        return c.name();
    }

    /** The bare repository. */
    public static Path remote() {
        return remote;
    }

    /** The head of the remote branch. */
    public static String head() throws IOException {
        try (Git git = Git.open(remote.toFile())) {
            return git.getRepository().resolve("refs/heads/main").name();
        }
    }

    /** The full message of a commit of the remote. */
    public static String message(String commit) throws IOException {
        try (Git git = Git.open(remote.toFile()); var walk = new org.eclipse.jgit.revwalk.RevWalk(git.getRepository())) {
            return walk.parseCommit(ObjectId.fromString(commit)).getFullMessage();
        }
    }

    private static void catchUp() throws Exception {
        person.fetch().setRemote("origin").call();
        if (person.getRepository().resolve("refs/remotes/origin/main") != null) {
            person.reset().setMode(ResetCommand.ResetType.HARD).setRef("refs/remotes/origin/main").call();
        }
    }
}
