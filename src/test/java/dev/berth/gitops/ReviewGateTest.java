package dev.berth.gitops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.testing.SshKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.util.FS;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The review gate on real repositories: a bare remote over file://, a person committing with the real git CLI (SSH
 * signatures from ssh-keygen keys), and berth's own clone ({@link GitStateRepository}) writing its pins.
 *
 * <p>Keys are RSA (git signs with rsa-sha2-512): ed25519 verifies too when this class runs alone, but after a
 * {@code @QuarkusTest} in the same JVM the net.i2p EdDSA provider that Quarkus's class loader registered in
 * {@link java.security.Security} answers instead and rejects this loader's key spec classes. (JGit 7.1 does not
 * parse ecdsa-sha2-* keys in an allowed signers file.)
 */
class ReviewGateTest {

    private static final String APP = "image: registry.example.com/acme/web\n";
    private static final String PIN = "digest: sha256:" + "1".repeat(64) + "\n";

    @TempDir
    Path tmp;
    private GitCli alice;
    private GitStateRepository berth;
    private Path aliceKey;
    private Path malloryKey;
    private Path allowedSigners;
    private Path berthKey;

    @BeforeEach
    void repositories() throws Exception {
        FS.DETECTED.setUserHome(tmp.resolve("home").toFile());
        Path remote = tmp.resolve("acme/state.git");
        Git.init().setBare(true).setInitialBranch("main").setDirectory(remote.toFile()).call().close();
        alice = GitCli.cloneOf(remote, tmp.resolve("alice"));
        aliceKey = SshKeys.generate(tmp.resolve("alice_rsa"), "-t", "rsa", "-b", "3072");
        malloryKey = SshKeys.generate(tmp.resolve("mallory_rsa"), "-t", "rsa", "-b", "3072");
        allowedSigners = Files.writeString(tmp.resolve("allowed_signers"),
                "alice@example.com " + SshKeys.publicKey(aliceKey) + "\n");
        alice.commit(Map.of("apps/web/app.yaml", APP, "README.md", "state\n"), "seed", aliceKey);
        berthKey = SshKeys.generate(tmp.resolve("berth_rsa"), "-t", "rsa", "-b", "3072");
        berth = GitStateRepository.open(remote.toUri().toString(), "main", tmp.resolve("berth"), "berth",
                "berth@localhost", 3, null, new CommitSigner(berthKey));
    }

    @AfterEach
    void close() {
        berth.close();
    }

    @Test
    void signedModeAcceptsACommitSignedByAnAllowedKey() throws Exception {
        String c = alice.commit(Map.of("apps/web/app.yaml", APP + "# v2\n"), "v2", aliceKey);
        assertAccepted(ReviewMode.SIGNED, c);
    }

    @Test
    void signedModeRefusesAnUnsignedCommit() throws Exception {
        String c = alice.commit(Map.of("apps/web/app.yaml", APP + "# v2\n"), "v2", null);
        assertRefused(ReviewMode.SIGNED, c, "commit " + c.substring(0, 12) + " by alice is not applied: it is not signed");
    }

    @Test
    void signedModeRefusesACommitSignedByAKeyNotAllowed() throws Exception {
        String c = alice.commit(Map.of("apps/web/app.yaml", APP + "# v2\n"), "v2", malloryKey);
        String why = refusal(ReviewMode.SIGNED, c);
        assertTrue(why.startsWith("commit " + c.substring(0, 12) + " by alice is not applied: its signature by key SHA256:"),
                why);
        assertTrue(why.contains("is not accepted"), why);
    }

    @Test
    void berthsOwnPinsNeedNoSignatureButAPersonsPinDoes() throws Exception {
        alice.commit(Map.of("apps/web/app.yaml", APP + "# v2\n"), "v2", aliceKey);
        berth.pull();
        String own = berth.commit(Map.of("state/web/staging.yaml", PIN), "deploy(web/staging)");
        assertAccepted(ReviewMode.SIGNED, own);

        String persons = alice.commit(Map.of("state/web/production.yaml", PIN), "pin production", null);
        assertRefused(ReviewMode.SIGNED, persons, "by alice is not applied: it is not signed");
    }

    @Test
    void signedModeNeedsAReadableAllowedSignersFile() {
        OwnCommits own = OwnCommits.of("berth", "b@x", Optional.empty());
        IllegalStateException none = assertThrows(IllegalStateException.class,
                () -> new ReviewGate(ReviewMode.SIGNED, "LAST_REVIEWED_SHA", Optional.empty(), own));
        assertTrue(none.getMessage().contains("berth.state.review.allowed-signers"), none.getMessage());
        IllegalStateException marker = assertThrows(IllegalStateException.class,
                () -> new ReviewGate(ReviewMode.MARKER, "LAST_REVIEWED_SHA", Optional.empty(), own));
        assertTrue(marker.getMessage().contains("berth.state.review.allowed-signers"), marker.getMessage());
        IllegalStateException missing = assertThrows(IllegalStateException.class, () -> new ReviewGate(
                ReviewMode.SIGNED, "LAST_REVIEWED_SHA", Optional.of(tmp.resolve("nope")), own));
        assertTrue(missing.getMessage().startsWith("berth.state.review.allowed-signers: cannot read"),
                missing.getMessage());
    }

    @Test
    void markerModeAppliesOnlyWhatTheMarkerCovers() throws Exception {
        String v1 = alice.run("rev-parse", "HEAD").strip();
        assertRefused(ReviewMode.MARKER, v1, "no LAST_REVIEWED_SHA at " + v1.substring(0, 12));

        String marked = alice.commit(Map.of("LAST_REVIEWED_SHA", v1 + "\n"), "reviewed v1", aliceKey);
        assertAccepted(ReviewMode.MARKER, marked);

        String v2 = alice.commit(Map.of("apps/web/app.yaml", APP + "# v2\n"), "v2", null);
        assertRefused(ReviewMode.MARKER, v2, "apps/ at " + v2.substring(0, 12)
                + " differs from apps/ at the reviewed commit " + v1.substring(0, 12));

        String moved = alice.commit(Map.of("LAST_REVIEWED_SHA", v2 + "\n"), "reviewed v2", aliceKey);
        assertAccepted(ReviewMode.MARKER, moved);
    }

    @Test
    void markerModeAcceptsBerthsPinsAfterTheReviewedCommitButNotAPersons() throws Exception {
        String v1 = alice.run("rev-parse", "HEAD").strip();
        alice.commit(Map.of("LAST_REVIEWED_SHA", v1), "reviewed v1", aliceKey);
        berth.pull();
        String own = berth.commit(Map.of("state/web/staging.yaml", PIN), "deploy(web/staging)");
        assertAccepted(ReviewMode.MARKER, own);

        String persons = alice.commit(Map.of("state/web/production.yaml", PIN), "pin production", null);
        assertRefused(ReviewMode.MARKER, persons, "by alice changes state/ after the reviewed commit "
                + v1.substring(0, 12));
    }

    @Test
    void markerModeRefusesAMarkerThatIsNotAnAncestorCommit() throws Exception {
        String garbage = alice.commit(Map.of("LAST_REVIEWED_SHA", "main\n"), "bad marker", aliceKey);
        assertRefused(ReviewMode.MARKER, garbage, "must hold one full commit id (40 lowercase hex), not 'main'");
        String unknown = alice.commit(Map.of("LAST_REVIEWED_SHA", "a".repeat(40)), "unknown marker", aliceKey);
        assertRefused(ReviewMode.MARKER, unknown, "names " + "a".repeat(40) + ", not a commit of the repository");
        String self = alice.run("rev-parse", "HEAD").strip();
        String later = alice.commit(Map.of("apps/web/app.yaml", APP + "# v3\n"), "v3", null);
        String marker = alice.commit(Map.of("LAST_REVIEWED_SHA", later), "reviewed v3", aliceKey);
        assertAccepted(ReviewMode.MARKER, marker);
        assertFalse(self.equals(later));
    }

    @Test
    void markerModeRefusesAMarkerSetByTheUnreviewedPushItself() throws Exception {
        String v1 = alice.run("rev-parse", "HEAD").strip();
        alice.commit(Map.of("LAST_REVIEWED_SHA", v1 + "\n"), "reviewed v1", aliceKey);
        // The attack: a pusher commits a malicious compose file, then marks that very commit reviewed.
        String evil = alice.commit(Map.of("apps/web/compose.yaml", "services:\n  web:\n    image: evil.example.net/x/web\n"),
                "evil", null);
        String self = alice.commit(Map.of("LAST_REVIEWED_SHA", evil + "\n"), "reviewed (not really)", null);
        assertRefused(ReviewMode.MARKER, self, "LAST_REVIEWED_SHA at " + self.substring(0, 12) + " was set by commit "
                + self.substring(0, 12) + " by alice, which is not a reviewer's: it is not signed");
        String mallorys = alice.commit(Map.of("LAST_REVIEWED_SHA", evil), "reviewed by mallory", malloryKey);
        assertRefused(ReviewMode.MARKER, mallorys, "which is not a reviewer's: its signature by key SHA256:");
        // A later unrelated commit does not launder the marker: its setter is still the unsigned commit.
        String later = alice.commit(Map.of("README.md", "later\n"), "readme", null);
        assertRefused(ReviewMode.MARKER, later, "was set by commit " + mallorys.substring(0, 12));
    }

    @Test
    void aForgedBerthPinCommitNeedsReviewInBothModes() throws Exception {
        String v1 = alice.run("rev-parse", "HEAD").strip();
        String marked = alice.commit(Map.of("LAST_REVIEWED_SHA", v1 + "\n"), "reviewed v1", aliceKey);
        // The attack: a pusher writes a pin with berth's name and e-mail as author and committer.
        Path pin = alice.dir().resolve("state/web/production.yaml");
        Files.createDirectories(pin.getParent());
        Files.writeString(pin, PIN);
        alice.run("add", "state/web/production.yaml");
        alice.run("-c", "user.name=berth", "-c", "user.email=berth@localhost", "commit", "-q", "-m",
                "deploy(web/production): forged");
        alice.run("push", "-q", "origin", "HEAD:main");
        String forged = alice.run("rev-parse", "HEAD").strip();
        assertRefused(ReviewMode.MARKER, forged, "commit " + forged.substring(0, 12) + " by berth changes state/ after "
                + "the reviewed commit " + v1.substring(0, 12));
        assertRefused(ReviewMode.SIGNED, forged, "commit " + forged.substring(0, 12) + " by berth is not applied: "
                + "it is not signed");
        assertFalse(marked.equals(forged));
    }

    @Test
    void everyModeRefusesATreeWithASymbolicLink() throws Exception {
        Files.createDirectories(alice.dir().resolve("state"));
        Files.createSymbolicLink(alice.dir().resolve("state/web"), tmp.resolve("outside"));
        alice.run("add", "state/web");
        alice.run("commit", "-q", "-m", "a link");
        alice.run("push", "-q", "origin", "HEAD:main");
        String link = alice.run("rev-parse", "HEAD").strip();
        for (ReviewMode mode : ReviewMode.values()) {
            assertRefused(mode, link, "state/web is a symbolic link (mode 120000)");
        }
    }

    private ReviewGate gate(ReviewMode mode) {
        return new ReviewGate(mode, "LAST_REVIEWED_SHA", Optional.of(allowedSigners),
                OwnCommits.of("berth", "berth@localhost", Optional.of(new CommitSigner(berthKey).publicKey())));
    }

    private ReviewGate.Verdict check(ReviewMode mode, String commit) throws Exception {
        assertEquals(commit, berth.pull());
        return berth.inspect(repo -> gate(mode).check(repo, commit));
    }

    private void assertAccepted(ReviewMode mode, String commit) throws Exception {
        ReviewGate.Verdict v = check(mode, commit);
        assertTrue(v.accepted(), () -> v.refusal().orElseThrow());
    }

    private String refusal(ReviewMode mode, String commit) throws Exception {
        return check(mode, commit).refusal().orElseThrow(() -> new AssertionError(commit + " was accepted"));
    }

    private void assertRefused(ReviewMode mode, String commit, String reasonContains) throws Exception {
        String why = refusal(mode, commit);
        assertTrue(why.contains(reasonContains), why);
    }
}
