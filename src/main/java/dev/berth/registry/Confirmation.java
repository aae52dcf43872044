package dev.berth.registry;

import dev.berth.domain.Digest;
import java.util.Objects;
import java.util.Optional;

/**
 * The registry's answer for a tag, checked against the digest an event claimed. {@link #digest()} is always the
 * registry's digest: a webhook may be stale (the tag moved since) or wrong, and berth pins what the registry serves.
 *
 * @param digest  what the registry resolves the tag to now
 * @param claimed what the event said, when it said anything
 */
public record Confirmation(Digest digest, Optional<Digest> claimed) {

    public Confirmation {
        Objects.requireNonNull(digest, "digest");
        claimed = claimed == null ? Optional.empty() : claimed;
    }

    public static Confirmation of(Digest registry, Optional<Digest> claimed) {
        return new Confirmation(registry, claimed);
    }

    /** True when the event claimed a digest and the registry answered another one. */
    public boolean differs() {
        return claimed.isPresent() && !claimed.get().equals(digest);
    }

    /** A sentence for logs and history, naming both digests when they differ. */
    public String describe() {
        if (claimed.isEmpty()) {
            return "registry resolved " + digest + " (the event claimed no digest)";
        }
        return differs() ? "event claimed " + claimed.get() + " but the registry resolves " + digest + "; using the registry's"
                : "event digest " + digest + " confirmed by the registry";
    }
}
