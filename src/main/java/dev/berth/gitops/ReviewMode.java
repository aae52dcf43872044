package dev.berth.gitops;

import java.util.Locale;

/** Which commits of the state repository berth applies ({@code berth.state.review.mode}). */
public enum ReviewMode {
    /** Every commit is applied (no review gate). */
    NONE,
    /** Only what the {@code LAST_REVIEWED_SHA} file (set by a reviewer-signed commit) or an admin marks as reviewed. */
    MARKER,
    /** Only trees whose newest commit by a person carries an SSH signature by an allowed signer. */
    SIGNED;

    /** The name as configured and shown in metrics: {@code none}, {@code marker}, {@code signed}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
