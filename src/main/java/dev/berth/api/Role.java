package dev.berth.api;

import java.util.Locale;

/** API roles; each includes the ones before it. */
public enum Role {
    VIEWER, DEPLOYER, ADMIN;

    public boolean includes(Role other) {
        return ordinal() >= other.ordinal();
    }

    public static Role parse(String value) {
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown role '" + value + "': expected viewer, deployer or admin");
        }
    }
}
