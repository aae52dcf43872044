package dev.berth.config;

/**
 * One thing wrong in an app definition: the file (relative to the state repository, e.g. {@code apps/web/app.yaml}),
 * the 1-based line (0 when the problem concerns the whole file or folder), the key path and the reason.
 */
public record ConfigProblem(String file, int line, String path, String reason) {

    public ConfigProblem {
        if (file == null || reason == null) {
            throw new IllegalArgumentException("a config problem needs a file and a reason");
        }
        path = path == null ? "" : path;
    }

    /** {@code apps/web/app.yaml:14: environments[0].hosts[0].ssh: 'root@@x' is not user@host[:port]}. */
    @Override
    public String toString() {
        return file + (line > 0 ? ":" + line : "") + ": " + (path.isEmpty() ? "" : path + ": ") + reason;
    }
}
