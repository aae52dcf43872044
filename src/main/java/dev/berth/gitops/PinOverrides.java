package dev.berth.gitops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * An admin's explicit override of the promotion rules for a person's pin: the commit that set the pin file (the
 * newest on the first-parent line whose pin differs from its first parent's) carries the trailer
 * {@code Berth-Override: <why>} and an SSH signature by a key of {@code berth.state.review.allowed-signers}. The
 * trailer on an unsigned commit, or one signed by another key, is ignored. Reads Git objects only.
 */
final class PinOverrides {

    private static final Pattern TRAILER = Pattern.compile("(?m)^Berth-Override:[ \\t]*(\\S.*)$");

    private final CommitSignatures reviewers;

    /** Without an allowed signers file no override is ever honoured. */
    PinOverrides(Optional<Path> allowedSigners) {
        this.reviewers = allowedSigners.map(CommitSignatures::new).orElse(null);
    }

    /** The override's reason and signer, when the pin file {@code path} at {@code commit} was set with one. */
    Optional<String> of(Repository repo, String commit, String path) {
        if (reviewers == null) {
            return Optional.empty();
        }
        try (RevWalk walk = new RevWalk(repo)) {
            RevCommit c = walk.parseCommit(ObjectId.fromString(commit));
            byte[] pin = CommitChanges.file(repo, c.getTree(), path);
            while (c.getParentCount() > 0) {
                RevCommit parent = walk.parseCommit(c.getParent(0));
                if (!Arrays.equals(pin, CommitChanges.file(repo, parent.getTree(), path))) {
                    break;
                }
                c = parent;
            }
            Matcher m = TRAILER.matcher(c.getFullMessage());
            if (!m.find() || reviewers.problem(repo, c).isPresent()) {
                return Optional.empty();
            }
            return Optional.of(m.group(1).strip() + " (commit " + CommitChanges.shortId(c) + " signed by "
                    + c.getAuthorIdent().getName() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read commit " + commit + " of the state repository", e);
        }
    }
}
