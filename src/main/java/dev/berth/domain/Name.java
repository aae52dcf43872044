package dev.berth.domain;

import java.util.regex.Pattern;

/** Grammar shared by app, environment and service names: lowercase DNS labels. */
final class Name {

    static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private Name() {
    }

    static String check(String what, String value) {
        if (value == null || !DNS_LABEL.matcher(value).matches()) {
            throw new IllegalArgumentException("invalid " + what + " '" + Printable.clip(value)
                    + "': expected a lowercase DNS label (a-z, 0-9, '-', at most 63 characters, no leading or trailing '-')");
        }
        return value;
    }
}
