package dev.berth.notify;

import java.net.URI;
import java.util.Optional;

/**
 * Links from messages back to berth's API. Without {@code berth.notify.public-url} there are no links: a link to
 * {@code localhost} would be wrong for everyone reading the channel.
 */
public record Links(Optional<String> base) {

    public Links {
        base = base.map(b -> b.endsWith("/") ? b.substring(0, b.length() - 1) : b);
    }

    public static Links of(Optional<URI> publicUrl) {
        return new Links(publicUrl.map(URI::toString));
    }

    public static Links none() {
        return new Links(Optional.empty());
    }

    /** {@code <public-url>/api/v1/deployments/<id>}, when both are known (the id is validated by Notification). */
    public Optional<String> deployment(Notification n) {
        if (n.deploymentId() == null) {
            return Optional.empty();
        }
        return base.map(b -> b + "/api/v1/deployments/" + n.deploymentId());
    }
}
