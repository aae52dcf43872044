package dev.berth.work;

import java.time.Duration;

/** What the liveness check and the metrics know of one loop at one moment. */
public record LoopState(String name, Status status, Duration sinceBeat, Duration stallAfter, String error) {

    /** The life of a loop. */
    public enum Status { RUNNING, STOPPED, DIED }

    public LoopState {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a worker loop needs a name");
        }
    }

    /** Running, but without a beat for longer than its stall time. */
    public boolean stalled() {
        return status == Status.RUNNING && sinceBeat.compareTo(stallAfter) > 0;
    }

    /** Whether this loop makes berth's liveness DOWN. */
    public boolean failing() {
        return status == Status.DIED || stalled();
    }

    /** One line for the health answer: {@code running, last beat 1.2 s ago}. */
    public String describe() {
        String ago = "last beat " + sinceBeat.toMillis() / 1000.0 + " s ago";
        return switch (status) {
            case DIED -> "died: " + error + " (" + ago + ")";
            case STOPPED -> "stopped";
            case RUNNING -> stalled() ? "stalled: " + ago + ", allowed " + stallAfter.toMillis() / 1000.0 + " s" : "running, " + ago;
        };
    }
}
