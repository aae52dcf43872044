package dev.berth.domain;

import java.util.regex.Pattern;

/**
 * The id a sender gives one delivery (GitHub's X-GitHub-Delivery, a registry event id), used to de-duplicate.
 * Printable ASCII without spaces, at most 200 characters, so it is safe as part of a Redis key.
 */
public record DeliveryId(String value) {

    private static final Pattern GRAMMAR = Pattern.compile("[\\x21-\\x7e]{1,200}");

    public DeliveryId {
        if (value == null || !GRAMMAR.matcher(value).matches()) {
            throw new IllegalArgumentException("invalid delivery id '" + Printable.clip(value)
                    + "': expected 1 to 200 printable ASCII characters without spaces");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
