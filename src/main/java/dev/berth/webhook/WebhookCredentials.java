package dev.berth.webhook;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The credential checks that need no body: whether a source is enabled, the header or path token of the registry
 * sources, and for GitHub that a well-formed {@code X-Hub-Signature-256} is present (the HMAC itself needs the body;
 * {@link GitHubWebhookResource} verifies it). {@link WebhookGate} runs them before a byte of the body is read.
 */
@ApplicationScoped
public class WebhookCredentials {

    static final String GITHUB_PROPERTY = "berth.webhooks.github.secrets";
    private static final Pattern SIGNATURE = Pattern.compile("sha256=[0-9a-fA-F]{64}");

    /** Why a request is refused: the outcome (404 or 401) and the message of the answer. */
    public record Refusal(Outcome outcome, String message) {
    }

    private final boolean github;
    private final Optional<String> distribution;
    private final Optional<String> harbor;
    private final Optional<String> dockerhub;
    private final Optional<String> quay;

    /** The shortest secret or token berth starts with. */
    static final int MIN_LENGTH = 16;

    /**
     * Checks every configured credential's length; created at start (the {@link WebhookGate} filter needs it), so a
     * short one stops berth with a message naming the property, never the value.
     */
    public WebhookCredentials(WebhookConfig config) {
        List<String> secrets = secrets(config);
        for (int i = 0; i < secrets.size(); i++) {
            if (secrets.get(i).length() < MIN_LENGTH) {
                throw new IllegalArgumentException(GITHUB_PROPERTY + " entry " + (i + 1) + " is shorter than "
                        + MIN_LENGTH + " characters; use a long random secret (openssl rand -hex 32)");
            }
        }
        this.github = !secrets.isEmpty();
        this.distribution = header("berth.webhooks.distribution.token", config.distribution().token());
        this.harbor = header("berth.webhooks.harbor.token", config.harbor().token());
        this.dockerhub = path("berth.webhooks.dockerhub.token", config.dockerhub().token());
        this.quay = path("berth.webhooks.quay.token", config.quay().token());
    }

    /** A whole {@code Authorization} value: its credential (after a scheme such as {@code Bearer }) must be long. */
    private static Optional<String> header(String property, Optional<String> configured) {
        Optional<String> value = RegistryWebhooks.credential(configured);
        value.ifPresent(v -> {
            int space = v.indexOf(' ');
            requireLength(property, space < 0 ? v : v.substring(space + 1).strip());
        });
        return value;
    }

    private static Optional<String> path(String property, Optional<String> configured) {
        Optional<String> value = RegistryWebhooks.credential(configured);
        value.ifPresent(v -> requireLength(property, v));
        return value;
    }

    private static void requireLength(String property, String credential) {
        if (credential.length() < MIN_LENGTH) {
            throw new IllegalArgumentException(property + " is shorter than " + MIN_LENGTH
                    + " characters (after the scheme of an Authorization value); use a long random value "
                    + "(openssl rand -hex 32)");
        }
    }

    /** The configured GitHub secrets, blanks dropped. */
    static List<String> secrets(WebhookConfig config) {
        return config.github().secrets().orElse(List.of()).stream().map(String::strip).filter(s -> !s.isEmpty())
                .toList();
    }

    /**
     * The refusal of a request to {@code source}, else empty. {@code authorization} is the header,
     * {@code pathToken} the decoded last path segment, {@code signature} GitHub's header; each may be null.
     */
    public Optional<Refusal> check(String source, String authorization, String pathToken, String signature) {
        return switch (source) {
            case "github" -> github(signature);
            case "distribution" -> token(source, "berth.webhooks.distribution.token", distribution, authorization);
            case "harbor" -> token(source, "berth.webhooks.harbor.token", harbor, authorization);
            case "dockerhub" -> token(source, "berth.webhooks.dockerhub.token", dockerhub, pathToken);
            case "quay" -> token(source, "berth.webhooks.quay.token", quay, pathToken);
            default -> Optional.empty();
        };
    }

    private Optional<Refusal> github(String signature) {
        if (!github) {
            return Optional.of(new Refusal(Outcome.DISABLED,
                    "GitHub webhooks are disabled on this berth (" + GITHUB_PROPERTY + " is not set)"));
        }
        if (signature == null || signature.isEmpty()) {
            return Optional.of(new Refusal(Outcome.UNAUTHORIZED, "missing X-Hub-Signature-256"));
        }
        if (!SIGNATURE.matcher(signature).matches()) {
            return Optional.of(new Refusal(Outcome.UNAUTHORIZED, "signature does not verify"));
        }
        return Optional.empty();
    }

    static Optional<Refusal> token(String source, String property, Optional<String> expected, String presented) {
        if (expected.isEmpty()) {
            return Optional.of(new Refusal(Outcome.DISABLED,
                    source + " webhooks are disabled on this berth (" + property + " is not set)"));
        }
        if (!Signatures.tokenMatches(expected.get(), presented)) {
            return Optional.of(new Refusal(Outcome.UNAUTHORIZED, RegistryWebhooks.BAD_CREDENTIALS));
        }
        return Optional.empty();
    }
}
