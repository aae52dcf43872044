package dev.berth.deploy;

import java.util.Locale;

/** Where a deployment is in its life. Terminal states never change again. */
public enum DeploymentStatus {
    QUEUED, RUNNING, SUCCEEDED, FAILED, SUPERSEDED;

    public boolean terminal() {
        return this == SUCCEEDED || this == FAILED || this == SUPERSEDED;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DeploymentStatus fromWire(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }
}
