package dev.berth.gitops;

import java.io.IOException;
import java.util.Optional;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * berth checks out and reads only trees made of directories and regular files: a symbolic link (mode 120000) or a
 * submodule (160000) anywhere in a tree could point a read or a later write of berth outside the repository. Checked
 * on Git objects, before anything is checked out.
 */
final class TreeSafety {

    private TreeSafety() {
    }

    /** Empty when every entry of {@code tree} is a directory or a regular file, else what is not. */
    static Optional<String> problem(Repository repo, ObjectId tree) throws IOException {
        try (TreeWalk tw = new TreeWalk(repo)) {
            tw.addTree(tree);
            tw.setRecursive(false);
            while (tw.next()) {
                FileMode mode = tw.getFileMode(0);
                if (mode == FileMode.TREE) {
                    tw.enterSubtree();
                } else if (mode != FileMode.REGULAR_FILE && mode != FileMode.EXECUTABLE_FILE) {
                    String kind = mode == FileMode.SYMLINK ? "a symbolic link"
                            : mode == FileMode.GITLINK ? "a submodule" : "not a regular file";
                    return Optional.of(tw.getPathString() + " is " + kind + " (mode " + mode
                            + "); berth accepts only directories and regular files in the state repository");
                }
            }
        }
        return Optional.empty();
    }
}
