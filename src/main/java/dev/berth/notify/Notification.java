package dev.berth.notify;

import dev.berth.domain.AppName;
import dev.berth.domain.Digest;
import dev.berth.domain.EnvName;
import dev.berth.domain.Printable;
import dev.berth.domain.ReleaseId;
import dev.berth.domain.Tag;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One state change to tell people about. Only {@code kind}, {@code severity}, {@code title} and {@code at} are
 * required; the identifiers are validated against their domain grammar, so nothing odd reaches a Redis key or a link.
 * Credentials written as URL user-info ({@code https://user:token@host}) are masked in the title, text and facts.
 *
 * @param kind         what happened
 * @param severity     how urgent it is
 * @param app          the app, a DNS label, or null (e.g. a dead-lettered event of no known app)
 * @param env          the environment, a DNS label, or null
 * @param digest       the image digest concerned, or null
 * @param tag          the image tag, or null
 * @param releaseId    the release directory name on the hosts, or null
 * @param deploymentId the deployment, linked as {@code <public-url>/api/v1/deployments/<id>}, or null
 * @param title        one line, e.g. "web 1.4.2 is live in production"
 * @param text         details, may be long (an incident note); sinks truncate it to their limits
 * @param facts        short key/value pairs shown as fields, in order
 * @param at           when it happened
 */
public record Notification(NotificationKind kind, Severity severity, String app, String env, String digest,
        String tag, String releaseId, String deploymentId, String title, String text, Map<String, String> facts,
        Instant at) {

    /** Text stored in the outbox beyond this is cut: no sink shows more, and the stream stays small. */
    static final int MAX_STORED_TEXT = 64 * 1024;
    private static final Pattern DEPLOYMENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    public Notification {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(at, "at");
        if (title == null || title.isBlank()) {
            throw new IllegalArgumentException("a notification needs a title");
        }
        if (app != null) {
            new AppName(app);
        }
        if (env != null) {
            new EnvName(env);
        }
        if (digest != null) {
            new Digest(digest);
        }
        if (tag != null) {
            new Tag(tag);
        }
        if (releaseId != null) {
            new ReleaseId(releaseId);
        }
        if (deploymentId != null && !DEPLOYMENT_ID.matcher(deploymentId).matches()) {
            throw new IllegalArgumentException("invalid deployment id '" + Printable.clip(deploymentId)
                    + "': expected [A-Za-z0-9][A-Za-z0-9._-]{0,127}");
        }
        title = Text.redact(title.strip());
        text = text == null || text.isBlank() ? null : Text.clip(Text.redact(text), MAX_STORED_TEXT);
        Map<String, String> copy = new LinkedHashMap<>();
        if (facts != null) {
            facts.forEach((k, v) -> {
                if (k != null && !k.isBlank() && v != null) {
                    copy.put(Text.redact(k), Text.redact(v));
                }
            });
        }
        facts = Collections.unmodifiableMap(copy);
    }

    /** A notification of {@code kind} with its default severity and no details; add them with the withers. */
    public static Notification of(NotificationKind kind, String app, String env, String title, Instant at) {
        return new Notification(kind, kind.defaultSeverity(), app, env, null, null, null, null, title, null, null,
                at);
    }

    public Notification withSeverity(Severity s) {
        return new Notification(kind, s, app, env, digest, tag, releaseId, deploymentId, title, text, facts, at);
    }

    /** The image concerned: digest and tag, either may be null. */
    public Notification withImage(String d, String t) {
        return new Notification(kind, severity, app, env, d, t, releaseId, deploymentId, title, text, facts, at);
    }

    public Notification withDeployment(String release, String deployment) {
        return new Notification(kind, severity, app, env, digest, tag, release, deployment, title, text, facts, at);
    }

    public Notification withText(String t) {
        return new Notification(kind, severity, app, env, digest, tag, releaseId, deploymentId, title, t, facts, at);
    }

    public Notification withFacts(Map<String, String> f) {
        return new Notification(kind, severity, app, env, digest, tag, releaseId, deploymentId, title, text, f, at);
    }

    /** {@code app/env}, {@code app}, or {@code berth} when neither is known: where it happened. */
    public String scope() {
        if (app == null) {
            return env == null ? "berth" : env;
        }
        return env == null ? app : app + "/" + env;
    }

    /**
     * What makes two notifications "the same" for de-duplication: (kind, app, environment, digest); without a
     * digest, a hash of the title and text stands in for it, so only identical messages are suppressed.
     */
    public String dedupeKey() {
        String what = digest != null ? new Digest(digest).hex()
                : "c" + Text.sha256Hex(title + "\n" + (text == null ? "" : text)).substring(0, 32);
        return kind.wire() + ":" + (app == null ? "-" : app) + ":" + (env == null ? "-" : env) + ":" + what;
    }
}
