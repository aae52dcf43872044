package dev.berth.gitops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * Builds berth's commits from Git objects: the parent's tree with whole files replaced, written as blobs and trees,
 * signed when a key is configured ({@link CommitSigner}). No file of the work tree is read or written, so a symbolic
 * link planted in the repository cannot redirect a write; a path whose folder (or itself) is anything but a
 * directory (or a regular file) in the parent's tree is refused.
 */
final class PinCommits {

    /** One path segment berth writes: a plain name, never {@code .} or {@code ..} (checked apart) or {@code .git}. */
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");

    private final Repository repo;
    private final PersonIdent berth;
    private final CommitSigner signer;

    PinCommits(Repository repo, PersonIdent berth, CommitSigner signer) {
        this.repo = repo;
        this.berth = berth;
        this.signer = signer;
    }

    /** A commit of {@code files} on {@code parent} (null: a root commit); {@code parent} when nothing changes. */
    ObjectId commit(ObjectId parent, Map<String, String> files, String message) throws IOException {
        try (ObjectInserter inserter = repo.newObjectInserter(); RevWalk walk = new RevWalk(repo)) {
            RevCommit base = parent == null ? null : walk.parseCommit(parent);
            DirCache index = base == null ? DirCache.newInCore() : DirCache.read(walk.getObjectReader(),
                    base.getTree());
            DirCacheEditor editor = index.editor();
            for (Map.Entry<String, String> f : files.entrySet()) {
                check(f.getKey(), base);
                ObjectId blob = inserter.insert(Constants.OBJ_BLOB, f.getValue().getBytes(StandardCharsets.UTF_8));
                editor.add(new DirCacheEditor.PathEdit(f.getKey()) {
                    @Override
                    public void apply(DirCacheEntry entry) {
                        entry.setFileMode(FileMode.REGULAR_FILE);
                        entry.setObjectId(blob);
                    }
                });
            }
            editor.finish();
            ObjectId tree = index.writeTree(inserter);
            if (base != null && tree.equals(base.getTree())) {
                return parent;
            }
            PersonIdent now = new PersonIdent(berth, java.time.Instant.now(), java.time.ZoneOffset.UTC);
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(tree);
            if (parent != null) {
                commit.setParentId(parent);
            }
            commit.setAuthor(now);
            commit.setCommitter(now);
            commit.setMessage(message);
            if (signer != null) {
                signer.sign(repo, commit, now);
            }
            ObjectId id = inserter.insert(commit);
            inserter.flush();
            return id;
        }
    }

    /** The regular files a commit changed against its first parent, with their content in that commit. */
    Map<String, String> changedFiles(RevCommit commit) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
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
                if (tw.getFileMode(1) == FileMode.REGULAR_FILE) {
                    files.put(tw.getPathString(), new String(repo.open(tw.getObjectId(1)).getBytes(),
                            StandardCharsets.UTF_8));
                }
            }
        }
        return files;
    }

    /** Refuses a path that is not plain, or that passes through anything but directories of {@code base}. */
    private void check(String path, RevCommit base) throws IOException {
        String[] segments = path.split("/", -1);
        for (String s : segments) {
            if (!SEGMENT.matcher(s).matches() || s.equalsIgnoreCase(".git")) {
                throw new RefusedPath("state path must be relative, plain and stay inside the repository: " + path);
            }
        }
        if (base == null) {
            return;
        }
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < segments.length; i++) {
            prefix.append(i == 0 ? "" : "/").append(segments[i]);
            try (TreeWalk tw = TreeWalk.forPath(repo, prefix.toString(), base.getTree())) {
                if (tw == null) {
                    return;
                }
                FileMode mode = tw.getFileMode(0);
                boolean last = i == segments.length - 1;
                if (last ? mode != FileMode.REGULAR_FILE && mode != FileMode.EXECUTABLE_FILE : mode != FileMode.TREE) {
                    throw new RefusedPath("refusing to write " + path + ": " + prefix + " is "
                            + (mode == FileMode.SYMLINK ? "a symbolic link" : "not a " + (last ? "regular file"
                                    : "directory")) + " in commit " + CommitChanges.shortId(base));
                }
            }
        }
    }
}
