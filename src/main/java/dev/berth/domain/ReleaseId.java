package dev.berth.domain;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/**
 * A release directory name on a host: {@code yyyyMMddTHHmmssZ-<12 hex of the digest>}, sortable by time.
 */
public record ReleaseId(String value) {

    private static final Pattern GRAMMAR = Pattern.compile("[0-9]{8}T[0-9]{6}Z-[0-9a-f]{12}");
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    public ReleaseId {
        if (value == null || !GRAMMAR.matcher(value).matches()) {
            throw new IllegalArgumentException("invalid release id '" + Printable.clip(value)
                    + "': expected yyyyMMddTHHmmssZ-<12 hex>");
        }
    }

    public static ReleaseId of(Instant at, Digest digest) {
        return new ReleaseId(STAMP.format(at) + "-" + digest.hex().substring(0, 12));
    }

    @Override
    public String toString() {
        return value;
    }
}
