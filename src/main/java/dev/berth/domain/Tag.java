package dev.berth.domain;

import java.util.Optional;
import java.util.regex.Pattern;

/** An image tag, as the OCI distribution spec allows it: {@code [A-Za-z0-9_][A-Za-z0-9._-]{0,127}}. */
public record Tag(String value) {

    private static final Pattern GRAMMAR = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");

    public Tag {
        if (value == null || !GRAMMAR.matcher(value).matches()) {
            throw new IllegalArgumentException("invalid tag '" + Printable.clip(value)
                    + "': expected [A-Za-z0-9_][A-Za-z0-9._-]{0,127}");
        }
    }

    public static Optional<Tag> parse(String value) {
        return value != null && GRAMMAR.matcher(value).matches() ? Optional.of(new Tag(value)) : Optional.empty();
    }

    @Override
    public String toString() {
        return value;
    }
}
