package dev.berth.host;

import dev.berth.domain.AppName;
import dev.berth.domain.Digest;
import dev.berth.domain.EnvName;
import dev.berth.domain.ImageRef;
import dev.berth.domain.Printable;
import dev.berth.domain.ReleaseId;
import dev.berth.domain.ServiceName;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Builds the argv of host agent commands ({@code deploy/host/berth-agent}). It only builds lists of validated
 * words; a transport runs them. Every value comes from a validated record or is checked here, so nothing untrusted
 * can reach a remote shell; the agent's forced-command mode takes each word as it is or, when it is one single-quoted
 * word (a check URL with {@code ?} or {@code &}), without its two quotes.
 */
public final class AgentCommands {

    /** The agent's interface version this berth speaks. */
    public static final String AGENT_VERSION = "1";

    private static final Pattern ROOT = Pattern.compile("/[A-Za-z0-9._/-]{0,254}");
    /**
     * The http(s) URLs a {@code via: host} check may name: RFC 3986 characters except quotes, blanks, backslashes
     * and the shell's {@code $ ( ) ;} and backtick (no user:password@). Words with {@code ? & ~ * !} are single-quoted
     * by {@link ShellQuote}; the agent's forced-command mode removes the two quotes of such a word (and refuses any
     * other quote), so the URL arrives intact.
     */
    private static final Pattern URL = Pattern.compile("https?://([A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}\\])"
            + "(:[0-9]{1,5})?(/[A-Za-z0-9._~!*+,=:@%/&-]{0,1000})?([?][A-Za-z0-9._~!*+,=:@%/?&-]{0,1000})?"
            + "(#[A-Za-z0-9._~!*+,=:@%/?&-]{0,1000})?");
    private static final Pattern PROGRAM = Pattern.compile("[A-Za-z0-9._/-]{1,255}");

    private final String program;

    /** @param program the agent on the host: {@code berth-agent} (found in PATH, or the forced command) or a path */
    public AgentCommands(String program) {
        if (!PROGRAM.matcher(program).matches() || program.contains("..")) {
            throw new IllegalArgumentException("invalid agent program '" + Printable.clip(program) + "'");
        }
        this.program = program;
    }

    /** Checks a host root folder: absolute, {@code [A-Za-z0-9._/-]}, no {@code ..}. */
    public static String root(String root) {
        if (root == null || !ROOT.matcher(root).matches() || root.contains("..") || root.contains("//")) {
            throw new IllegalArgumentException("invalid host root '" + Printable.clip(root)
                    + "': expected an absolute path of [A-Za-z0-9._/-] without '..'");
        }
        return root;
    }

    public List<String> version() {
        return List.of(program, "version");
    }

    /** Prepares a release; the compose file goes to the agent's stdin. */
    public List<String> prepare(String root, AppName app, EnvName env, ReleaseId release,
            Map<ServiceName, ImageRef> images) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("a release pins at least one service image");
        }
        List<String> argv = target("prepare", root, app, env);
        argv.add("--release");
        argv.add(release.value());
        images.forEach((service, image) -> {
            Digest digest = Optional.ofNullable(image.digest()).orElseThrow(() -> new IllegalArgumentException(
                    "image of service " + service + " is not pinned to a digest: " + image));
            argv.add("--image");
            argv.add(service.value() + "=" + image.repository() + "@" + digest.value());
        });
        return List.copyOf(argv);
    }

    public List<String> activate(String root, AppName app, EnvName env, ReleaseId release) {
        List<String> argv = target("activate", root, app, env);
        argv.add("--release");
        argv.add(release.value());
        return List.copyOf(argv);
    }

    /** Rolls back to {@code release}, or (empty) to the last known-good or previous release. */
    public List<String> rollback(String root, AppName app, EnvName env, Optional<ReleaseId> release) {
        List<String> argv = target("rollback", root, app, env);
        release.ifPresent(r -> {
            argv.add("--release");
            argv.add(r.value());
        });
        return List.copyOf(argv);
    }

    public List<String> markGood(String root, AppName app, EnvName env, ReleaseId release) {
        List<String> argv = target("mark-good", root, app, env);
        argv.add("--release");
        argv.add(release.value());
        return List.copyOf(argv);
    }

    public List<String> status(String root, AppName app, EnvName env) {
        return List.copyOf(target("status", root, app, env));
    }

    public List<String> prune(String root, AppName app, EnvName env, int keep) {
        if (keep < 1 || keep > 999) {
            throw new IllegalArgumentException("keep must be 1..999, was " + keep);
        }
        List<String> argv = target("prune", root, app, env);
        argv.add("--keep");
        argv.add(Integer.toString(keep));
        return List.copyOf(argv);
    }

    /** Whether {@code url} is one that {@link #checkHttp} passes to the agent (the grammar of via: host checks). */
    public static boolean acceptsCheckUrl(String url) {
        return url != null && url.length() <= 2048 && URL.matcher(url).matches();
    }

    /** An HTTP probe run on the host (for services bound to its loopback). */
    public List<String> checkHttp(String url, int timeoutSeconds) {
        if (!acceptsCheckUrl(url)) {
            throw new IllegalArgumentException("invalid check URL '" + Printable.clip(url) + "'");
        }
        if (timeoutSeconds < 1 || timeoutSeconds > 300) {
            throw new IllegalArgumentException("check timeout must be 1..300 s, was " + timeoutSeconds);
        }
        return List.of(program, "check-http", "--url", url, "--timeout", Integer.toString(timeoutSeconds));
    }

    private List<String> target(String command, String root, AppName app, EnvName env) {
        List<String> argv = new ArrayList<>(12);
        argv.add(program);
        argv.add(command);
        argv.add("--root");
        argv.add(root(root));
        argv.add("--app");
        argv.add(app.value());
        argv.add("--env");
        argv.add(env.value());
        return argv;
    }
}
