package dev.berth.gitops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.util.FS;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real Git repositories: a bare remote over file:// and clones of berth instances. */
class GitStateRepositoryTest {

    @TempDir
    Path tmp;

    private Path remote;

    @BeforeEach
    void bareRemoteWithOneCommit() throws Exception {
        // Keep the user's git configuration out of the tests.
        FS.DETECTED.setUserHome(tmp.resolve("home").toFile());
        remote = tmp.resolve("remote.git");
        Git.init().setBare(true).setInitialBranch("main").setDirectory(remote.toFile()).call().close();
        Path seed = tmp.resolve("seed");
        try (Git git = Git.init().setInitialBranch("main").setDirectory(seed.toFile()).call()) {
            Files.createDirectories(seed.resolve("apps/web"));
            Files.writeString(seed.resolve("apps/web/app.yaml"), "image: registry.example.com/acme/web\n");
            git.add().addFilepattern(".").call();
            git.commit().setMessage("seed").setAuthor("test", "t@example.com").setCommitter("test", "t@example.com")
                    .call();
            git.push().setRemote(remote.toUri().toString()).add("main").call();
        }
    }

    private GitStateRepository instance(String name) throws Exception {
        return GitStateRepository.open(remote.toUri().toString(), "main", tmp.resolve(name), "berth",
                "berth@localhost", 10, null);
    }

    private List<RevCommit> remoteLog() throws Exception {
        try (Git git = Git.open(remote.toFile())) {
            List<RevCommit> out = new ArrayList<>();
            git.log().call().forEach(out::add);
            return out;
        }
    }

    @Test
    void commitIsPushedWithBerthAsAuthor() throws Exception {
        try (GitStateRepository repo = instance("a")) {
            String id = repo.commit(Map.of("state/web/staging.yaml", "digest: sha256:1\n"), "deploy(web/staging): 1");
            RevCommit top = remoteLog().get(0);
            assertEquals(id, top.name());
            assertEquals("berth", top.getAuthorIdent().getName());
            assertEquals("deploy(web/staging): 1", top.getFullMessage());
        }
    }

    @Test
    void twoInstancesWritingAtOnceLoseNoCommit() throws Exception {
        try (GitStateRepository a = instance("a"); GitStateRepository b = instance("b")) {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            List<Future<?>> done = new ArrayList<>();
            for (GitStateRepository repo : List.of(a, b)) {
                String who = repo == a ? "a" : "b";
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 8; i++) {
                        repo.commit(Map.of("state/" + who + "/env" + i + ".yaml", "n: " + i + "\n"),
                                "pin " + who + " " + i);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
            List<RevCommit> log = remoteLog();
            assertEquals(17, log.size(), "16 pins and the seed");
            for (String who : List.of("a", "b")) {
                for (int i = 0; i < 8; i++) {
                    String message = "pin " + who + " " + i;
                    assertTrue(log.stream().anyMatch(c -> c.getFullMessage().equals(message)), message);
                }
            }
        }
    }

    @Test
    void rejectedPushIsReplayedOnTheNewRemoteHead() throws Exception {
        try (GitStateRepository a = instance("a"); GitStateRepository b = instance("b")) {
            a.commit(Map.of("state/web/staging.yaml", "digest: a\n"), "from a");
            // b has not fetched a's commit: its push is rejected as non-fast-forward, then replayed.
            b.commit(Map.of("state/web/production.yaml", "digest: b\n"), "from b");
            List<RevCommit> log = remoteLog();
            assertEquals(List.of("from b", "from a", "seed"), log.stream().map(RevCommit::getFullMessage).toList());
            b.checkout(b.head());
            assertEquals("digest: a\n", Files.readString(b.workTree().resolve("state/web/staging.yaml")));
        }
    }

    @Test
    void commitsStayLocalWhileTheRemoteIsAwayAndArePushedLater() throws Exception {
        try (GitStateRepository a = instance("a")) {
            Path away = tmp.resolve("remote-away.git");
            Files.move(remote, away);
            a.commit(Map.of("state/web/staging.yaml", "digest: 1\n"), "while away");
            assertEquals(1, a.unpushed().size());
            Files.move(away, remote);
            assertTrue(a.pushPending());
            assertEquals("while away", remoteLog().get(0).getFullMessage());
            assertFalse(a.unpushed().iterator().hasNext());
        }
    }

    @Test
    void aSymbolicLinkPlantedInTheRepositoryIsNeverCheckedOutNorWrittenThrough() throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        try (GitStateRepository a = instance("a")) {
            a.checkout(a.head());
            // The attack: a pusher commits state/web as a link to a folder outside berth's checkout.
            GitCli mallory = GitCli.cloneOf(remote, tmp.resolve("mallory"));
            Files.createDirectories(mallory.dir().resolve("state"));
            Files.createSymbolicLink(mallory.dir().resolve("state/web"), outside);
            mallory.run("add", "state/web");
            mallory.run("commit", "-q", "-m", "plant a link");
            mallory.run("push", "-q", "origin", "HEAD:main");
            String planted = a.pull();

            StateRepositoryException checkout = assertThrows(StateRepositoryException.class, () -> a.checkout(planted));
            assertTrue(checkout.getMessage().contains("state/web is a symbolic link"), checkout.getMessage());
            assertFalse(Files.exists(a.workTree().resolve("state/web"), LinkOption.NOFOLLOW_LINKS),
                    "the refused tree was not checked out");

            StateRepositoryException write = assertThrows(StateRepositoryException.class,
                    () -> a.commit(Map.of("state/web/production.yaml", "digest: sha256:1\n"), "deploy(web/production)"));
            assertTrue(write.getMessage().contains("refusing to write state/web/production.yaml: state/web is a "
                    + "symbolic link"), write.getMessage());
            try (var files = Files.list(outside)) {
                assertEquals(List.of(), files.toList(), "nothing written outside the repository");
            }
        }
    }

    @Test
    void aCloneLeftFromAnotherRepositoryAtTheSameUrlIsReplacedAndItsCommitsAreNeverPushed() throws Exception {
        try (GitStateRepository a = instance("a")) {
            Files.move(remote, tmp.resolve("old-remote.git"));
            a.commit(Map.of("state/web/staging.yaml", "digest: old\n"), "stale pin of the old repository");
            assertEquals(1, a.unpushed().size());
        }
        // Another repository appears at the same URL.
        Git.init().setBare(true).setInitialBranch("main").setDirectory(remote.toFile()).call().close();
        GitCli other = GitCli.cloneOf(remote, tmp.resolve("other"));
        other.commit(Map.of("apps/api/app.yaml", "image: registry.example.com/acme/api\n"), "seed of the new one", null);
        Warnings warnings = new Warnings();
        try (GitStateRepository a = instance("a")) {
            warnings.close();
            assertTrue(warnings.lines.stream().anyMatch(w -> w.contains("is from another repository (its branch does "
                    + "not contain") && w.contains("it is replaced by a new clone")), warnings.lines.toString());
            assertTrue(a.pushPending());
            assertEquals(List.of("seed of the new one"), remoteLog().stream().map(c -> c.getFullMessage().strip()).toList());
            a.commit(Map.of("state/api/prod.yaml", "digest: new\n"), "first pin");
            assertEquals(List.of("first pin", "seed of the new one"),
                    remoteLog().stream().map(c -> c.getFullMessage().strip()).toList());
            a.checkout(a.head());
            assertFalse(Files.exists(a.workTree().resolve("apps/web/app.yaml")), "nothing of the old repository");
        }
    }

    @Test
    void afterAForcePushOnlyBerthsCommitsSinceTheLastFetchArePushed() throws Exception {
        try (GitStateRepository a = instance("a")) {
            a.commit(Map.of("state/web/staging.yaml", "digest: 1\n"), "pin 1");
            // Someone rewrites the branch: pin 1 is gone from the remote.
            GitCli person = GitCli.cloneOf(remote, tmp.resolve("person"));
            person.run("reset", "-q", "--hard", "HEAD~1");
            Files.writeString(person.dir().resolve("README.md"), "rewritten\n");
            person.run("add", "README.md");
            person.run("commit", "-q", "-m", "rewritten");
            person.run("push", "-q", "-f", "origin", "HEAD:main");
            // berth's next pin is made on top of pin 1 (its last fetch); only it is replayed.
            try (Warnings warnings = new Warnings()) {
                a.commit(Map.of("state/web/production.yaml", "digest: 2\n"), "pin 2");
                assertTrue(warnings.lines.stream().anyMatch(w -> w.contains("the remote branch was force-pushed")
                        && w.contains("local commits not pushed: [")), warnings.lines.toString());
            }
            assertEquals(List.of("pin 2", "rewritten", "seed"),
                    remoteLog().stream().map(c -> c.getFullMessage().strip()).toList());
            assertTrue(a.unpushed().isEmpty());
        }
    }

    /** WARN lines of GitStateRepository while open (JBoss logging over java.util.logging). */
    private static final class Warnings extends java.util.logging.Handler implements AutoCloseable {
        final List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final java.util.logging.Logger log = java.util.logging.Logger.getLogger(
                GitStateRepository.class.getName());

        Warnings() {
            log.addHandler(this);
        }

        @Override
        public void publish(java.util.logging.LogRecord r) {
            if (r.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()) {
                lines.add(r.getParameters() == null ? r.getMessage() : String.format(r.getMessage(), r.getParameters()));
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            log.removeHandler(this);
        }
    }
}
