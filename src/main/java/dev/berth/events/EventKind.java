package dev.berth.events;

import java.util.Arrays;

/** What a normalized event says happened. The wire names are stored in the events stream. */
public enum EventKind {
    /** A tagged image manifest was pushed to a registry. */
    IMAGE_PUSH("image.push"),
    /** Commits were pushed to a Git branch or tag. */
    GIT_PUSH("git.push"),
    /** A GitHub Actions workflow run completed. */
    WORKFLOW_RUN("workflow.run"),
    /** A GitHub release was published. */
    RELEASE("release.published");

    private final String wire;

    EventKind(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static EventKind fromWire(String wire) {
        return Arrays.stream(values()).filter(k -> k.wire.equals(wire)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown event kind '" + wire + "'"));
    }
}
