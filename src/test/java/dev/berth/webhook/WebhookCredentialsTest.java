package dev.berth.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.api.ApiConfig;
import dev.berth.api.ApiTokens;
import io.quarkus.runtime.configuration.MemorySize;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Short secrets stop berth at start (the message names the property, never the value); the body-free checks. */
class WebhookCredentialsTest {

    private static final String LONG = "0123456789abcdef";

    /** A configuration with one value set, the others unset. */
    static WebhookConfig config(String github, String distribution, String harbor, String dockerhub, String quay) {
        return new WebhookConfig() {
            @Override
            public GitHub github() {
                return new GitHub() {
                    @Override
                    public Optional<List<String>> secrets() {
                        return Optional.ofNullable(github).map(s -> List.of(s.split(",")));
                    }

                    @Override
                    public String packageRegistry() {
                        return "ghcr.io";
                    }
                };
            }

            @Override
            public TokenSource distribution() {
                return () -> Optional.ofNullable(distribution);
            }

            @Override
            public TokenSource harbor() {
                return () -> Optional.ofNullable(harbor);
            }

            @Override
            public TokenSource dockerhub() {
                return () -> Optional.ofNullable(dockerhub);
            }

            @Override
            public TokenSource quay() {
                return () -> Optional.ofNullable(quay);
            }

            @Override
            public MemorySize maxBodySize() {
                return new MemorySize(BigInteger.valueOf(10 << 20));
            }

            @Override
            public MemorySize registryMaxBodySize() {
                return new MemorySize(BigInteger.valueOf(512 << 10));
            }

            @Override
            public MemorySize maxInFlight() {
                return new MemorySize(BigInteger.valueOf(64 << 20));
            }
        };
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "github       | berth.webhooks.github.secrets entry 2",
        "distribution | berth.webhooks.distribution.token",
        "harbor       | berth.webhooks.harbor.token",
        "dockerhub    | berth.webhooks.dockerhub.token",
        "quay         | berth.webhooks.quay.token",
    })
    void shortCredentialsStopBerthNamingTheProperty(String source, String property) {
        String shortOne = "short-secret-15";
        WebhookConfig config = switch (source) {
            case "github" -> config(LONG + "," + shortOne, null, null, null, null);
            case "distribution" -> config(null, "Bearer " + shortOne, null, null, null);
            case "harbor" -> config(null, null, shortOne, null, null);
            case "dockerhub" -> config(null, null, null, shortOne, null);
            default -> config(null, null, null, null, shortOne);
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new WebhookCredentials(config));
        assertTrue(e.getMessage().startsWith(property + " "), e.getMessage());
        assertTrue(e.getMessage().contains("shorter than 16 characters"), e.getMessage());
        assertFalse(e.getMessage().contains(shortOne), "the message never shows the value");
    }

    @Test
    void theSchemeOfAnAuthorizationValueDoesNotCount() {
        // "Bearer " + 9 characters is 16 characters long, but the credential itself is short.
        assertThrows(IllegalArgumentException.class,
                () -> new WebhookCredentials(config(null, "Bearer 123456789", null, null, null)));
        new WebhookCredentials(config(LONG, "Bearer " + LONG, "Basic " + LONG, LONG, LONG));
    }

    @Test
    void shortApiTokensStopBerthNamingTheProperty() {
        ApiConfig api = () -> Optional.of(List.of(LONG + ":admin", "short-token:viewer"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ApiTokens(api));
        assertTrue(e.getMessage().startsWith("berth.api.tokens entry 2"), e.getMessage());
        assertFalse(e.getMessage().contains("short-token"));
    }

    @Test
    void githubNeedsAWellFormedSignatureBeforeTheBody() {
        WebhookCredentials credentials = new WebhookCredentials(config(LONG, null, null, null, null));
        assertEquals(Outcome.UNAUTHORIZED, credentials.check("github", null, null, null).orElseThrow().outcome());
        assertEquals(Outcome.UNAUTHORIZED,
                credentials.check("github", null, null, "sha256=" + "g".repeat(64)).orElseThrow().outcome());
        assertEquals(Optional.empty(), credentials.check("github", null, null, "sha256=" + "a".repeat(64)));
        assertEquals(Outcome.DISABLED, credentials.check("quay", null, LONG, null).orElseThrow().outcome());
    }
}
