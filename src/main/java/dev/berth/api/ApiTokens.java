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

    /** One configured token; {@code name} ("token-1", ...) is what audit records show, never the token. */
    public record Caller(String name, Role role) {
    }

    private record Entry(String token, Caller caller) {
    }

    private final List<Entry> entries;

    public ApiTokens(ApiConfig config) {
        List<Entry> parsed = new ArrayList<>();
        List<String> raw = config.tokens().orElse(List.of());
        for (int i = 0; i < raw.size(); i++) {
            String pair = raw.get(i).strip();
            if (pair.isEmpty()) {
                continue;
            }
            int colon = pair.lastIndexOf(':');
            if (colon <= 0 || colon == pair.length() - 1) {
                throw new IllegalArgumentException("berth.api.tokens entry " + (i + 1)
                        + " is not token:role (viewer, deployer or admin)");
            }
            String token = pair.substring(0, colon);
            if (token.length() < 16) {
                throw new IllegalArgumentException("berth.api.tokens entry " + (i + 1)
                        + " has a token shorter than 16 characters; use a long random token");
            }
            parsed.add(new Entry(token, new Caller("token-" + (i + 1), Role.parse(pair.substring(colon + 1)))));
        }
        this.entries = List.copyOf(parsed);
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
