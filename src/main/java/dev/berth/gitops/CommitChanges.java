package dev.berth.gitops;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/** What a commit changed, read from Git objects only (no work tree). */
final class CommitChanges {

    /** Where berth writes its pins; the only folder its own commits may touch. */
    static final String STATE = "state/";

    private CommitChanges() {
    }

    /** Paths of the files a commit changed against its first parent (every file of a root commit). */
    static List<String> paths(Repository repo, RevCommit commit) throws IOException {
        List<String> paths = new ArrayList<>();
        try (RevWalk walk = new RevWalk(repo); TreeWalk tw = new TreeWalk(repo)) {
            RevCommit c = walk.parseCommit(commit);
            if (c.getParentCount() > 0) {
                tw.addTree(walk.parseCommit(c.getParent(0)).getTree());
            } else {
                tw.addTree(new EmptyTreeIterator());
            }
            tw.addTree(c.getTree());
            tw.setRecursive(true);
            tw.setFilter(TreeFilter.ANY_DIFF);
            while (tw.next()) {
                paths.add(tw.getPathString());
            }
        }
        return paths;
    }

    /** The id of the tree at {@code folder} (no trailing slash) in {@code tree}, or null when there is none. */
    static ObjectId folder(Repository repo, RevTree tree, String folder) throws IOException {
        try (TreeWalk tw = TreeWalk.forPath(repo, folder, tree)) {
            return tw == null || tw.getFileMode(0) != FileMode.TREE ? null : tw.getObjectId(0);
        }
    }

    /** The content of a file of {@code tree}, or null when there is no such file. */
    static byte[] file(Repository repo, RevTree tree, String path) throws IOException {
        try (TreeWalk tw = TreeWalk.forPath(repo, path, tree)) {
            if (tw == null || (tw.getFileMode(0).getBits() & FileMode.TYPE_MASK) != FileMode.TYPE_FILE) {
                return null;
            }
            return repo.open(tw.getObjectId(0)).getCachedBytes(4096);
        }
    }

    /** The first 12 characters of a commit id. */
    static String shortId(ObjectId id) {
        return id.name().substring(0, 12);
    }
}
