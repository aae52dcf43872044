package dev.berth.deploy;

import dev.berth.domain.AppName;
import dev.berth.domain.DeploymentId;
import dev.berth.domain.Digest;
import dev.berth.domain.EnvName;
import dev.berth.domain.ImageRef;
import dev.berth.domain.ReleaseId;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The record of one deployment of a pinned digest to one environment of an app.
 *
 * @param trigger what caused it: the events stream entry id, or {@code api:<who>}, or {@code promotion:<id>}
 * @param reason  a short human reason ("push of 1.4.2", "rollback after failed checks", ...)
 * @param error   why it failed, when it did
 * @param composeSha256 hex SHA-256 of the app's compose.yaml when the deployment was queued; null when unknown
 *                      (records older than this field), so reconciliation cannot tell a compose change
 */
public record Deployment(DeploymentId id, AppName app, EnvName env, ImageRef image, String tag, Digest digest,
        ReleaseId releaseId, List<String> hosts, DeploymentStatus status, Instant createdAt, Instant startedAt,
        Instant finishedAt, String trigger, String reason, String error, String composeSha256) {

    private static final java.util.regex.Pattern SHA256_HEX = java.util.regex.Pattern.compile("[0-9a-f]{64}");

    public Deployment {
        hosts = List.copyOf(hosts);
        if (composeSha256 != null && !SHA256_HEX.matcher(composeSha256).matches()) {
            throw new IllegalArgumentException("composeSha256 must be 64 lowercase hex characters");
        }
    }

    /** A deployment whose compose.yaml hash is not known. */
    public Deployment(DeploymentId id, AppName app, EnvName env, ImageRef image, String tag, Digest digest,
            ReleaseId releaseId, List<String> hosts, DeploymentStatus status, Instant createdAt, Instant startedAt,
            Instant finishedAt, String trigger, String reason, String error) {
        this(id, app, env, image, tag, digest, releaseId, hosts, status, createdAt, startedAt, finishedAt, trigger,
                reason, error, null);
    }

    public Deployment with(DeploymentStatus newStatus, Instant at, String newError) {
        return new Deployment(id, app, env, image, tag, digest, releaseId, hosts, newStatus, createdAt,
                newStatus == DeploymentStatus.RUNNING ? at : startedAt, newStatus.terminal() ? at : finishedAt,
                trigger, reason, newError, composeSha256);
    }

    /** Flat fields of the Redis hash. */
    Map<String, String> toFields() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("id", id.value());
        f.put("app", app.value());
        f.put("env", env.value());
        f.put("image", image.repository());
        put(f, "tag", tag);
        f.put("digest", digest.value());
        f.put("releaseId", releaseId.value());
        f.put("hosts", String.join(",", hosts));
        f.put("status", status.wire());
        f.put("createdAt", createdAt.toString());
        put(f, "startedAt", startedAt == null ? null : startedAt.toString());
        put(f, "finishedAt", finishedAt == null ? null : finishedAt.toString());
        put(f, "trigger", trigger);
        put(f, "reason", reason);
        put(f, "error", error);
        put(f, "composeSha256", composeSha256);
        return f;
    }

    static Deployment fromFields(Map<String, String> f) {
        String hosts = f.getOrDefault("hosts", "");
        return new Deployment(new DeploymentId(f.get("id")), new AppName(f.get("app")), new EnvName(f.get("env")),
                ImageRef.parse(f.get("image")), f.get("tag"), new Digest(f.get("digest")),
                new ReleaseId(f.get("releaseId")), hosts.isEmpty() ? List.of() : List.of(hosts.split(",")),
                DeploymentStatus.fromWire(f.get("status")), Instant.parse(f.get("createdAt")),
                instant(f.get("startedAt")), instant(f.get("finishedAt")), f.get("trigger"), f.get("reason"),
                f.get("error"), f.get("composeSha256"));
    }

    private static Instant instant(String value) {
        return value == null ? null : Instant.parse(value);
    }

    private static void put(Map<String, String> f, String key, String value) {
        if (value != null) {
            f.put(key, value);
        }
    }
}
