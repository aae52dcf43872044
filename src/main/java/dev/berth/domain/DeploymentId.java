package dev.berth.domain;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Identifies one deployment: {@code d-<epoch millis base 36>-<8 hex>}, sortable by creation time. */
public record DeploymentId(String value) {

    private static final Pattern GRAMMAR = Pattern.compile("d-[0-9a-z]{1,13}-[0-9a-f]{8}");
    private static final SecureRandom RANDOM = new SecureRandom();

    public DeploymentId {
        if (value == null || !GRAMMAR.matcher(value).matches()) {
            throw new IllegalArgumentException("invalid deployment id '" + Printable.clip(value)
                    + "': expected d-<base36 time>-<8 hex>");
        }
    }

    public static DeploymentId next(Instant at) {
        byte[] random = new byte[4];
        RANDOM.nextBytes(random);
        return new DeploymentId("d-" + Long.toString(at.toEpochMilli(), 36) + "-" + HexFormat.of().formatHex(random));
    }

    /** When the deployment was created (the base-36 part). */
    public long epochMillis() {
        return Long.parseLong(value.substring(2, value.lastIndexOf('-')), 36);
    }

    @Override
    public String toString() {
        return value;
    }
}
