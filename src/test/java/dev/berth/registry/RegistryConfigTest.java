package dev.berth.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.domain.ImageRef;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The mapping of berth.registry.* properties and environment variables to settings. */
class RegistryConfigTest {

    @Test
    void propertiesWithQuotedHostKeys() {
        RegistrySettings settings = settings(new PropertiesConfigSource(Map.of(
                "berth.registry.auth.\"ghcr.io\".username", "octo",
                "berth.registry.auth.\"ghcr.io\".password", "ghp_x",
                "berth.registry.auth.\"registry.example.com:5000\".username", "ci",
                "berth.registry.auth.\"registry.example.com:5000\".password", "pw",
                "berth.registry.insecure-hosts", "127.0.0.1:5000,localhost:5001"), "test", 100));
        assertEquals("octo", settings.credentialsFor(ImageRef.parse("ghcr.io/acme/web")).orElseThrow().username());
        assertEquals("ci", settings.credentialsFor(ImageRef.parse("registry.example.com:5000/web")).orElseThrow().username());
        assertEquals("http://127.0.0.1:5000", settings.baseUrl(ImageRef.parse("127.0.0.1:5000/web")));
        assertEquals("https://registry-1.docker.io", settings.baseUrl(ImageRef.parse("nginx")));
        assertEquals(4, settings.maxAttempts());
    }

    @Test
    void environmentVariables() {
        RegistrySettings settings = settings(new EnvConfigSource(Map.of(
                "BERTH_REGISTRY_AUTH__GHCR_IO__USERNAME", "octo",
                "BERTH_REGISTRY_AUTH__GHCR_IO__PASSWORD", "ghp_x",
                "BERTH_REGISTRY_AUTH__REGISTRY_EXAMPLE_COM_5000__HOST", "registry.example.com:5000",
                "BERTH_REGISTRY_AUTH__REGISTRY_EXAMPLE_COM_5000__USERNAME", "ci",
                "BERTH_REGISTRY_AUTH__REGISTRY_EXAMPLE_COM_5000__PASSWORD", "pw",
                "BERTH_REGISTRY_RETRY_MAX_ATTEMPTS", "7"), 300));

        assertEquals(7, settings.maxAttempts());
        assertEquals("octo", settings.credentialsFor(ImageRef.parse("ghcr.io/acme/web")).orElseThrow().username());
        assertEquals("ci", settings.credentialsFor(ImageRef.parse("registry.example.com:5000/web")).orElseThrow().username());
        assertEquals(Optional.empty(), settings.credentialsFor(ImageRef.parse("quay.io/acme/web")));
        // the key alone (registry.example.com.5000 once read from the variable's name) is never folded into a host
        assertEquals(Optional.empty(), settings.credentialsFor(ImageRef.parse("registry.example.com.5000/web")));
    }

    private static RegistrySettings settings(io.smallrye.config.common.AbstractConfigSource source) {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withSources(source)
                .withConverter(Duration.class, 200, new DurationConverter()) // Quarkus' "5s" form, as in the app
                .withMapping(RegistryConfig.class).build();
        return RegistrySettings.from(config.getConfigMapping(RegistryConfig.class));
    }
}
