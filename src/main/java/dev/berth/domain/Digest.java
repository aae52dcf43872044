package dev.berth.domain;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A content digest as pinned on hosts: {@code sha256:} followed by 64 lowercase hex characters.
 * No other form can exist, so no remote command can ever receive anything else.
 */
public record Digest(String value) {

    private static final Pattern SHA256 = Pattern.compile("sha256:[0-9a-f]{64}");

    public Digest {
        if (value == null || !SHA256.matcher(value).matches()) {
            throw new IllegalArgumentException("invalid digest '" + Printable.clip(value)
                    + "': expected sha256: followed by 64 lowercase hex characters");
        }
    }

    public static Digest of(String value) {
        return new Digest(value);
    }

    /** The digest when {@code value} is a valid sha256 digest, empty otherwise (real payloads carry odd values). */
    public static Optional<Digest> parse(String value) {
        return value != null && SHA256.matcher(value).matches() ? Optional.of(new Digest(value)) : Optional.empty();
    }

    /** The 64 hex characters. */
    public String hex() {
        return value.substring("sha256:".length());
    }

    @Override
    public String toString() {
        return value;
    }
}
