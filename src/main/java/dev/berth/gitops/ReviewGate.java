package dev.berth.gitops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Decides whether a commit of the state repository may be applied ({@link ReviewMode}).
 *
 * <ul>
 * <li>{@code marker}: the marker file at the commit names a reviewed commit R (the commit or an ancestor); the
 * commit that set the marker to that value (the newest on the first-parent line whose marker differs from its
 * parent's) must carry an SSH signature by an allowed signer, so a pusher cannot mark their own push reviewed; the
 * commit's {@code apps/} must be R's {@code apps/}, and every commit after R that changes {@code state/} must be
 * berth's own pin commit.</li>
 * <li>{@code signed}: the newest commit that is not berth's own pin commit must carry an SSH signature by an allowed
 * signer. A signature covers the commit's whole tree, which is what berth applies.</li>
 * </ul>
 * berth's own pin commits ({@link OwnCommits}: signed with berth's key, {@code state/} only) never need review.
 * In every mode, including {@code none}, a tree holding a symbolic link or a submodule is refused
 * ({@link TreeSafety}): it is never checked out.
 */
public final class ReviewGate {

    private static final Pattern COMMIT_ID = Pattern.compile("[0-9a-f]{40}");

    /** The decision on one commit: applied, or not and why. */
    public record Verdict(String commit, Optional<String> refusal) {

        static Verdict accept(String commit) {
            return new Verdict(commit, Optional.empty());
        }

        static Verdict refuse(String commit, String why) {
            return new Verdict(commit, Optional.of(why));
        }

        public boolean accepted() {
            return refusal.isEmpty();
        }
    }

    private final ReviewMode mode;
    private final String markerFile;
    private final OwnCommits own;
    private final CommitSignatures signatures;

    /** Fails with a message naming the property when the mode's settings are missing or unusable. */
    ReviewGate(ReviewMode mode, String markerFile, Optional<Path> allowedSigners, OwnCommits own) {
        this.mode = Objects.requireNonNull(mode);
        if (markerFile.isBlank() || markerFile.startsWith("/") || markerFile.contains("..")
                || markerFile.startsWith("apps/") || markerFile.startsWith(CommitChanges.STATE)) {
            throw new IllegalStateException("berth.state.review.marker-file: '" + markerFile
                    + "' must be a relative path outside apps/ and state/");
        }
        this.markerFile = markerFile;
        this.own = Objects.requireNonNull(own);
        if (mode != ReviewMode.NONE) {
            this.signatures = new CommitSignatures(allowedSigners.orElseThrow(() -> new IllegalStateException(
                    "berth.state.review.mode=" + mode.wire() + " needs berth.state.review.allowed-signers (an "
                            + "OpenSSH allowed signers file of the reviewers' keys)")));
        } else {
            this.signatures = null;
        }
    }

    public ReviewMode mode() {
        return mode;
    }

    /** Whether {@code commit} of {@code repo} may be applied. */
    public Verdict check(Repository repo, String commit) {
        return check(repo, commit, Optional.empty());
    }

    /**
     * Whether {@code commit} may be applied; in marker mode {@code byAdmin} (the commit an admin marked reviewed
     * through the API) vouches for it as a reviewer-signed marker file would.
     */
    public Verdict check(Repository repo, String commit, Optional<String> byAdmin) {
        try (RevWalk walk = new RevWalk(repo)) {
            RevCommit head = walk.parseCommit(ObjectId.fromString(commit));
            Optional<String> unsafe = TreeSafety.problem(repo, head.getTree());
            if (unsafe.isPresent()) {
                return Verdict.refuse(commit, "commit " + CommitChanges.shortId(head) + " is not applied: "
                        + unsafe.get());
            }
            if (mode == ReviewMode.NONE) {
                return Verdict.accept(commit);
            }
            if (mode == ReviewMode.SIGNED) {
                return signed(repo, walk, head);
            }
            Verdict file = marker(repo, head);
            if (file.accepted() || byAdmin.isEmpty()) {
                return file;
            }
            Verdict api = reviewed(repo, head, byAdmin.get(), "the commit an admin marked reviewed (POST "
                    + "/api/v1/state/reviewed)");
            return api.accepted() ? api : Verdict.refuse(commit, file.refusal().orElseThrow() + "; "
                    + api.refusal().orElseThrow());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read commit " + commit + " of the state repository", e);
        }
    }

    private Verdict marker(Repository repo, RevCommit head) throws IOException {
        String at = " at " + CommitChanges.shortId(head);
        byte[] content = CommitChanges.file(repo, head.getTree(), markerFile);
        if (content == null) {
            return Verdict.refuse(head.name(), "no " + markerFile + at + ": no commit is marked as reviewed");
        }
        String id = new String(content, StandardCharsets.UTF_8).strip();
        if (!COMMIT_ID.matcher(id).matches()) {
            return Verdict.refuse(head.name(), markerFile + at + " must hold one full commit id (40 lowercase hex), "
                    + "not '" + (id.length() > 50 ? id.substring(0, 50) + "…" : id) + "'");
        }
        Optional<String> unsigned = markerSigner(repo, head);
        if (unsigned.isPresent()) {
            return Verdict.refuse(head.name(), unsigned.get());
        }
        return reviewed(repo, head, id, markerFile + at);
    }

    /** The marker rules 2 to 4 for reviewed commit {@code id}, named {@code source} in refusals. */
    private Verdict reviewed(Repository repo, RevCommit head, String id, String source) throws IOException {
        String at = " at " + CommitChanges.shortId(head);
        RevCommit reviewed;
        try (RevWalk walk = new RevWalk(repo)) {
            try {
                reviewed = walk.parseCommit(ObjectId.fromString(id));
            } catch (MissingObjectException | org.eclipse.jgit.errors.IncorrectObjectTypeException e) {
                return Verdict.refuse(head.name(), source + " names " + id + ", not a commit of the repository");
            }
            if (!walk.isMergedInto(reviewed, walk.parseCommit(head))) {
                return Verdict.refuse(head.name(), source + " names " + CommitChanges.shortId(reviewed)
                        + ", which is not " + CommitChanges.shortId(head) + " nor one of its ancestors");
            }
        }
        if (!Objects.equals(CommitChanges.folder(repo, head.getTree(), "apps"),
                CommitChanges.folder(repo, reviewed.getTree(), "apps"))) {
            return Verdict.refuse(head.name(), "apps/" + at + " differs from apps/ at the reviewed commit "
                    + CommitChanges.shortId(reviewed) + " (" + source + "): waiting for review");
        }
        try (RevWalk walk = new RevWalk(repo)) {
            walk.markStart(walk.parseCommit(head));
            walk.markUninteresting(walk.parseCommit(reviewed));
            for (RevCommit c : walk) {
                if (CommitChanges.paths(repo, c).stream().anyMatch(p -> p.startsWith(CommitChanges.STATE))
                        && !own.berths(repo, c)) {
                    return Verdict.refuse(head.name(), "commit " + CommitChanges.shortId(c) + " by "
                            + c.getAuthorIdent().getName() + " changes state/ after the reviewed commit "
                            + CommitChanges.shortId(reviewed) + " (" + source + "): waiting for review");
                }
            }
        }
        return Verdict.accept(head.name());
    }

    private Verdict signed(Repository repo, RevWalk walk, RevCommit head) throws IOException {
        RevCommit c = head;
        while (own.berths(repo, c)) {
            c = walk.parseCommit(c.getParent(0));
        }
        RevCommit content = c;
        return signatures.problem(repo, content).map(why -> Verdict.refuse(head.name(), "commit "
                + CommitChanges.shortId(content) + " by " + content.getAuthorIdent().getName()
                + " is not applied: " + why)).orElseGet(() -> Verdict.accept(head.name()));
    }

    /**
     * Empty when the commit that set the marker at {@code head} to its value is signed by an allowed signer. That
     * commit is the newest on the first-parent line whose marker differs from its first parent's.
     */
    private Optional<String> markerSigner(Repository repo, RevCommit head) throws IOException {
        try (RevWalk walk = new RevWalk(repo)) {
            RevCommit c = walk.parseCommit(head);
            byte[] value = CommitChanges.file(repo, c.getTree(), markerFile);
            while (c.getParentCount() > 0) {
                RevCommit parent = walk.parseCommit(c.getParent(0));
                if (!java.util.Arrays.equals(value, CommitChanges.file(repo, parent.getTree(), markerFile))) {
                    break;
                }
                c = parent;
            }
            RevCommit setter = c;
            return signatures.problem(repo, setter).map(why -> markerFile + " at " + CommitChanges.shortId(head)
                    + " was set by commit " + CommitChanges.shortId(setter) + " by "
                    + setter.getAuthorIdent().getName() + ", which is not a reviewer's: " + why
                    + " (only a commit signed by a key of berth.state.review.allowed-signers moves the marker)");
        }
    }
}
