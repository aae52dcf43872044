package dev.berth.gitops;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * After a fetch: does berth's local branch belong to the remote branch, and which local commits may be replayed
 * on it? Only berth's own commits made since the last fetch (on the tip the remote had then) are replayed. Commits
 * of a clone left from another repository at the same URL (its branch does not contain the root commit of the
 * remote branch), and commits the remote dropped by a force push, are never pushed.
 */
final class CloneCheck {

    /**
     * @param foreign     why the clone is not one of the remote branch's, or null when it is
     * @param forcePushed the remote branch no longer contains what it held at the last fetch
     * @param replay      berth's commits since the last fetch, oldest first, to put on the remote branch
     * @param dropped     local commits the remote branch does not have and that are not replayed
     * @param ahead       the local branch already contains the remote branch: it stays as it is
     */
    record Result(String foreign, boolean forcePushed, List<RevCommit> replay, List<RevCommit> dropped,
            boolean ahead) {
    }

    private CloneCheck() {
    }

    /** {@code local}: berth's branch; {@code before}/{@code after}: the remote-tracking branch before/after fetch. */
    static Result check(Repository repo, ObjectId local, ObjectId before, ObjectId after) throws IOException {
        if (after == null || local == null) {
            return new Result(null, false, List.of(), List.of(), local != null);
        }
        try (RevWalk walk = new RevWalk(repo)) {
            RevCommit remote = walk.parseCommit(after);
            RevCommit mine = walk.parseCommit(local);
            RevCommit root = remote;
            while (root.getParentCount() > 0) {
                root = walk.parseCommit(root.getParent(0));
            }
            List<RevCommit> unpushed = between(walk, mine, after, null);
            if (!walk.isMergedInto(root, mine)) {
                return new Result("from another repository (its branch does not contain "
                        + CommitChanges.shortId(root) + ", the root commit of the remote branch)", false, List.of(),
                        unpushed, false);
            }
            if (walk.isMergedInto(remote, mine)) {
                return new Result(null, false, List.of(), List.of(), true);
            }
            boolean forced = before != null && !walk.isMergedInto(walk.parseCommit(before), walk.parseCommit(after));
            List<RevCommit> replay = before == null ? unpushed : between(walk, mine, after, before);
            List<RevCommit> dropped = new ArrayList<>(unpushed);
            dropped.removeAll(replay);
            return new Result(null, forced, replay, dropped, false);
        }
    }

    /** Commits of {@code tip} that neither {@code a} nor {@code b} has, oldest first. */
    private static List<RevCommit> between(RevWalk walk, RevCommit tip, ObjectId a, ObjectId b) throws IOException {
        walk.reset();
        walk.markStart(walk.parseCommit(tip));
        walk.markUninteresting(walk.parseCommit(a));
        if (b != null) {
            walk.markUninteresting(walk.parseCommit(b));
        }
        List<RevCommit> out = new ArrayList<>();
        walk.forEach(out::add);
        walk.reset();
        Collections.reverse(out);
        return out;
    }
}
