package dev.berth.gitops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * Recognises berth's own pin commits by their SSH signature with berth's key ({@code berth.state.signing-key}),
 * never by the author name alone: anybody who can push can write "berth" as author. A commit is berth's own when it
 * is signed by berth's key, has berth's identity as author and committer, one parent, and changes files under
 * {@code state/} only. Without a signing key no commit is berth's own (berth's identity alone is never trusted).
 */
final class OwnCommits {

    private final String name;
    private final String email;
    private final CommitSignatures signatures;

    private OwnCommits(String name, String email, CommitSignatures signatures) {
        this.name = name;
        this.email = email;
        this.signatures = signatures;
    }

    /** berth's commits, recognised by a signature with {@code publicKey}; none at all when it is empty. */
    static OwnCommits of(String name, String email, Optional<String> publicKey) {
        if (publicKey.isEmpty()) {
            return new OwnCommits(name, email, null);
        }
        try {
            Path file = Files.createTempFile("berth-own-signer", ".allowed");
            file.toFile().deleteOnExit();
            Files.writeString(file, "\"" + email.replace("\"", "") + "\" " + publicKey.get() + "\n");
            return new OwnCommits(name, email, new CommitSignatures(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write berth's own allowed signers file", e);
        }
    }

    /** Whether berth can recognise its own commits at all (a signing key is configured). */
    boolean enabled() {
        return signatures != null;
    }

    /** Whether {@code commit} is one of berth's own, signed pin commits. */
    boolean berths(Repository repo, RevCommit commit) throws IOException {
        return signatures != null && isBerth(commit.getAuthorIdent()) && isBerth(commit.getCommitterIdent())
                && commit.getParentCount() == 1
                && CommitChanges.paths(repo, commit).stream().allMatch(p -> p.startsWith(CommitChanges.STATE))
                && signatures.problem(repo, commit).isEmpty();
    }

    private boolean isBerth(PersonIdent who) {
        return who != null && name.equals(who.getName()) && email.equals(who.getEmailAddress());
    }
}
