package dev.berth.config;

import dev.berth.domain.Printable;
import java.util.regex.Pattern;

/** Grammar of HTTP header names and values in checks: RFC 9110 tokens, values without control characters. */
final class Headers {

    private static final Pattern NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}");
    private static final Pattern VALUE = Pattern.compile("[\\x20-\\x7e]{0,1000}");

    private Headers() {
    }

    static void check(String name, String value) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + Printable.clip(name) + "' is not an HTTP header name");
        }
        if (value == null || !VALUE.matcher(value).matches()) {
            throw new IllegalArgumentException("value of header '" + name
                    + "' must be printable ASCII without line breaks, at most 1000 characters");
        }
    }
}
