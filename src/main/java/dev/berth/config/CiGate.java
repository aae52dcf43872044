package dev.berth.config;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The CI gate of an environment ({@code gate: { ci: ... }} in app.yaml): a digest is promoted into it only when GitHub
 * reported successful workflow runs for the image's source commit (its {@code org.opencontainers.image.revision}).
 *
 * @param repository the GitHub repository whose workflow runs count, {@code owner/name}, lowercased
 * @param workflows  workflow names that must all have succeeded for the commit; empty: any one successful run
 */
public record CiGate(String repository, List<String> workflows) {

    /** GitHub's owner and repository name grammar. */
    private static final Pattern REPOSITORY =
            Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}");
    /** A workflow's display name: printable, no control characters. */
    private static final Pattern WORKFLOW = Pattern.compile("[^\\p{Cntrl}]{1,80}");

    public CiGate {
        repository = checkRepository(repository);
        workflows = List.copyOf(workflows);
        var seen = new HashSet<String>();
        for (String w : workflows) {
            checkWorkflow(w);
            if (!seen.add(w)) {
                throw new IllegalArgumentException("workflow '" + w + "' is listed twice");
            }
        }
    }

    /** {@code owner/name} lowercased (GitHub compares repository names case-insensitively). */
    public static String checkRepository(String repository) {
        if (repository == null || !REPOSITORY.matcher(repository).matches()) {
            throw new IllegalArgumentException("'" + dev.berth.domain.Printable.clip(repository)
                    + "' is not a GitHub repository (owner/name)");
        }
        return repository.toLowerCase(Locale.ROOT);
    }

    static String checkWorkflow(String name) {
        if (name == null || name.isBlank() || !name.strip().equals(name) || !WORKFLOW.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + dev.berth.domain.Printable.clip(name)
                    + "' is not a workflow name (1 to 80 printable characters, no surrounding spaces)");
        }
        return name;
    }
}
