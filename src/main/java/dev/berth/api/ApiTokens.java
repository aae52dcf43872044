package dev.berth.api;

import dev.berth.webhook.Signatures;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/** The configured bearer tokens and their roles; a presented token is compared with each in constant time. */
@ApplicationScoped
public class ApiTokens {

    private static final Logger LOG = Logger.getLogger(ApiTokens.class);

    /**
     * One configured token. {@code name} is its identity in audit records and for separation of duties: the name
     * given in {@code token:role:name}, else {@code token-} and the first 12 hex digits of the token's SHA-256
     * (stable when tokens are reordered; never the token).
     */
    public record Caller(String name, Role role) {
    }

    private record Entry(String token, Caller caller) {
    }

    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");

    private final List<Entry> entries;

    public ApiTokens(ApiConfig config) {
        List<Entry> parsed = new ArrayList<>();
        java.util.Set<String> names = new java.util.HashSet<>();
        List<String> raw = config.tokens().orElse(List.of());
        for (int i = 0; i < raw.size(); i++) {
            String entry = raw.get(i).strip();
            if (entry.isEmpty()) {
                continue;
            }
            Entry e = entry(entry, i + 1);
            if (!names.add(e.caller().name())) {
                throw new IllegalArgumentException("berth.api.tokens entry " + (i + 1) + ": the identity '"
                        + e.caller().name() + "' is used twice (each token needs its own name)");
            }
            parsed.add(e);
        }
        this.entries = List.copyOf(parsed);
    }

    /** {@code token:role} or {@code token:role:name}; a name that is a role word is refused as ambiguous. */
    private static Entry entry(String entry, int position) {
        String[] parts = entry.split(":", -1);
        String token;
        String role;
        String name = null;
        if (parts.length >= 3 && isRole(parts[parts.length - 2]) && !isRole(parts[parts.length - 1])) {
            name = parts[parts.length - 1];
            role = parts[parts.length - 2];
            token = entry.substring(0, entry.length() - name.length() - role.length() - 2);
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("berth.api.tokens entry " + position + " has an invalid name: "
                        + "expected token:role:name with a name of [a-z0-9._-], at most 63 characters");
            }
        } else if (parts.length >= 3 && isRole(parts[parts.length - 2]) && isRole(parts[parts.length - 1])) {
            throw new IllegalArgumentException("berth.api.tokens entry " + position + " is ambiguous: it ends in"
                    + " two role words; a token name cannot be viewer, deployer or admin");
        } else if (parts.length >= 2 && !parts[parts.length - 1].isEmpty()) {
            role = parts[parts.length - 1];
            token = entry.substring(0, entry.length() - role.length() - 1);
        } else {
            throw new IllegalArgumentException("berth.api.tokens entry " + position
                    + " is not token:role or token:role:name (role: viewer, deployer or admin)");
        }
        if (token.length() < 16) {
            throw new IllegalArgumentException("berth.api.tokens entry " + position
                    + " has a token shorter than 16 characters; use a long random token");
        }
        Role r;
        try {
            r = Role.parse(role);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("berth.api.tokens entry " + position // the value may be a token
                    + " has an unknown role: expected token:role or token:role:name with viewer, deployer or admin");
        }
        return new Entry(token, new Caller(name != null ? name : "token-" + fingerprint(token), r));
    }

    private static boolean isRole(String word) {
        String w = word.strip().toLowerCase(java.util.Locale.ROOT);
        return w.equals("viewer") || w.equals("deployer") || w.equals("admin");
    }

    private static String fingerprint(String token) {
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(hash, 0, 6);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    void onStart(@Observes StartupEvent event) {
        if (entries.isEmpty()) {
            LOG.info("The API is closed: set berth.api.tokens (token:role pairs) to open /api/v1");
        }
    }

    /** The caller a bearer token belongs to; every entry is compared, so timing does not tell which matched. */
    public Optional<Caller> authenticate(String presented) {
        Caller found = null;
        for (Entry e : entries) {
            if (Signatures.tokenMatches(e.token(), presented) && found == null) {
                found = e.caller();
            }
        }
        return Optional.ofNullable(found);
    }
}
