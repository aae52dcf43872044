package dev.berth.registry;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A registry account. {@link #toString()} never shows the password. */
public record Credentials(String username, String password) {

    public Credentials {
        if (username == null || username.isBlank() || username.indexOf(':') >= 0) {
            throw new IllegalArgumentException("registry username must be non-blank and contain no ':'");
        }
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("registry password of user '" + username + "' is empty");
        }
    }

    /** The {@code Authorization} header value for basic auth. */
    String basicHeader() {
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "Credentials[username=" + username + ", password=***]";
    }
}
