package dev.berth.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.domain.Digest;
import dev.berth.domain.ImageRef;
import dev.berth.domain.Tag;
import dev.berth.testing.DistributionRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Registry credentials go to the registry's own host and to the realm of the registry's own challenge, nowhere else
 * (issue 12, items 9 and 10), shown against a real htpasswd registry and a third party's loopback server.
 */
class CredentialLeaksTest {

    private static final String USER = "berth";
    private static final String PASSWORD = "leak-test-s3cret";

    @Test
    void aChallengeFromACrossOriginRedirectTargetIsNotAnswered(@TempDir Path dir) throws Exception {
        try (DistributionRegistry registry = htpasswdRegistry(dir);
                CredentialCatcher catcher = new CredentialCatcher(false);
                RegistryFront front = new RegistryFront(registry.url()).redirectBlobsTo(catcher.url())) {
            Digest pushed = Digest.of(registry.pushImage("acme/web", "1.0.0"));
            ImageRef repo = ImageRef.of(front.host(), "acme/web");
            RegistryClient client = new HttpRegistryClient(RegistrySettings.defaults()
                    .withInsecureHosts(front.host(), catcher.host()).withRetry(1, java.time.Duration.ofMillis(10),
                            java.time.Duration.ofSeconds(1))
                    .withCredentials(front.host(), USER, PASSWORD), Clock.systemUTC());

            assertEquals(pushed, client.resolve(repo, new Tag("1.0.0")).digest());
            RegistryAuthFailed refused = assertThrows(RegistryAuthFailed.class, () -> client.labels(repo, pushed));
            assertTrue(refused.getMessage().contains("only from the registry itself"), refused.getMessage());
            assertEquals(List.of(), catcher.authorizations(), "the third party received no credentials and no token");

            // the third party's challenge was not remembered for the registry: it still gets basic auth
            assertEquals(pushed, client.resolve(repo, new Tag("1.0.0")).digest());
            assertEquals(List.of(), catcher.authorizations());
        }
    }

    @Test
    void lookAlikeHostsGetNoCredentials() {
        try (CredentialCatcher lookAlike = new CredentialCatcher(true)) {
            String port = lookAlike.host().substring(lookAlike.host().indexOf(':'));
            for (String configured : List.of("127-0-0-1" + port, "127.0.0-1" + port, "127_0_0_1" + port)) {
                RegistryClient client = new HttpRegistryClient(RegistrySettings.defaults()
                        .withInsecureHosts(lookAlike.host()).withCredentials(configured, USER, PASSWORD),
                        Clock.systemUTC());
                RegistryAuthFailed refused = assertThrows(RegistryAuthFailed.class,
                        () -> client.resolve(ImageRef.of(lookAlike.host(), "acme/web"), new Tag("1.0.0")));
                assertTrue(refused.getMessage().contains("no credentials are configured"), refused.getMessage());
            }
            assertEquals(List.of(), lookAlike.authorizations(), "credentials of a look-alike host were sent");
        }
    }

    @Test
    void hostsMatchCaseInsensitivelyWithTheDefaultPortNormalised() {
        RegistrySettings settings = RegistrySettings.defaults().withCredentials("Registry.Acme-Corp.com", USER, PASSWORD)
                .withCredentials("other.example.com:443", "other", PASSWORD);
        assertEquals(USER, settings.credentialsFor(ImageRef.parse("registry.acme-corp.com/web")).orElseThrow().username());
        assertEquals(USER, settings.credentialsFor(ImageRef.parse("REGISTRY.ACME-CORP.COM:443/web")).orElseThrow().username());
        assertEquals("other", settings.credentialsFor(ImageRef.parse("other.example.com/web")).orElseThrow().username());
        for (String lookAlike : List.of("registry.acme.corp.com/web", "registry-acme-corp.com/web",
                "registry.acme-corp.com:5000/web", "registry.acme-corp.com.evil.net/web")) {
            assertTrue(settings.credentialsFor(ImageRef.parse(lookAlike)).isEmpty(), lookAlike);
        }
    }

    static DistributionRegistry htpasswdRegistry(Path dir) throws Exception {
        Path htpasswd = dir.resolve("htpasswd");
        Process p = new ProcessBuilder("htpasswd", "-Bbn", USER, PASSWORD).redirectOutput(htpasswd.toFile()).start();
        assertEquals(0, p.waitFor(), "htpasswd (apt package apache2-utils) failed");
        return new DistributionRegistry()
                .withConfig("auth:\n  htpasswd:\n    realm: berth-test\n    path: " + htpasswd + "\n")
                .pushingAs("Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD)
                        .getBytes(StandardCharsets.UTF_8))).start();
    }
}
