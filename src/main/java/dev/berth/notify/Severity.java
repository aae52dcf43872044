package dev.berth.notify;

import java.util.Locale;

/** How urgent a notification is; sinks can ask for a minimum ({@code berth.notify.sinks.<name>.min-severity}). */
public enum Severity {
    /** Routine progress: a deploy started or succeeded. */
    INFO,
    /** Needs a look: waiting for approval, drift, refused configuration. */
    WARNING,
    /** Something broke: a failed deploy or verification, a rollback. */
    CRITICAL;

    /** True when this severity is at least {@code minimum}. */
    public boolean atLeast(Severity minimum) {
        return compareTo(minimum) >= 0;
    }

    /** The lowercase name used on the wire. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code info}, {@code warning} or {@code critical}, in any case. */
    public static Severity fromWire(String value) {
        for (Severity s : values()) {
            if (s.name().equalsIgnoreCase(value)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown severity '" + value + "': expected info, warning or critical");
    }
}
