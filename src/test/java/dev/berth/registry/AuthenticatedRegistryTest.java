package dev.berth.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.domain.Digest;
import dev.berth.domain.ImageRef;
import dev.berth.domain.Tag;
import dev.berth.testing.DistributionRegistry;
import dev.berth.testing.RegistryTokenServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Basic auth (htpasswd) and the bearer-token flow against real Distribution registries. */
class AuthenticatedRegistryTest {

    private static final String USER = "berth";
    private static final String PASSWORD = "s3cret-pull";

    @Test
    void htpasswdRegistry(@TempDir Path dir) throws Exception {
        Path htpasswd = dir.resolve("htpasswd");
        Process p = new ProcessBuilder("htpasswd", "-Bbn", USER, PASSWORD).redirectOutput(htpasswd.toFile()).start();
        assertEquals(0, p.waitFor(), "htpasswd (apt package apache2-utils) failed");
        try (DistributionRegistry registry = new DistributionRegistry()
                .withConfig("auth:\n  htpasswd:\n    realm: berth-test\n    path: " + htpasswd + "\n")
                .pushingAs("Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD)
                        .getBytes(StandardCharsets.UTF_8))).start()) {
            Digest pushed = Digest.of(registry.pushImage("acme/private", "1.0.0"));
            ImageRef repo = ImageRef.of(registry.host(), "acme/private");
            Tag tag = new Tag("1.0.0");
            RegistrySettings insecure = RegistrySettings.defaults().withInsecureHosts(registry.host());

            assertEquals(pushed, client(insecure.withCredentials(registry.host(), USER, PASSWORD)).resolve(repo, tag).digest());

            RegistryAuthFailed wrong = assertThrows(RegistryAuthFailed.class,
                    () -> client(insecure.withCredentials(registry.host(), USER, "wrong")).resolve(repo, tag));
            assertFalse(wrong.isTransient());
            assertFalse(wrong.getMessage().contains("wrong"), "the message must not quote the password");
            assertTrue(wrong.getMessage().contains("user '" + USER + "'"), wrong.getMessage());

            RegistryAuthFailed none = assertThrows(RegistryAuthFailed.class, () -> client(insecure).resolve(repo, tag));
            assertTrue(none.getMessage().contains("berth.registry.auth.\"" + registry.host() + "\""), none.getMessage());
        }
    }

    @Test
    void bearerTokenRegistry() throws IOException {
        try (RegistryTokenServer tokens = new RegistryTokenServer(USER, PASSWORD);
                DistributionRegistry registry = new DistributionRegistry().withConfig(tokens.registryConfig())
                        .pushingAs("Bearer " + tokens.jwt("pusher", List.of("public/web", "acme/private"), "pull", "push")).start()) {
            RegistrySettings insecure = RegistrySettings.defaults().withInsecureHosts(registry.host(), tokens.host());
            ImageRef open = ImageRef.of(registry.host(), "public/web");
            ImageRef closed = ImageRef.of(registry.host(), "acme/private");
            Tag tag = new Tag("1.0.0");
            Digest openDigest = Digest.of(registry.pushIndex("public/web", "1.0.0", "amd64", "arm64"));
            Digest closedDigest = Digest.of(registry.pushImage("acme/private", "1.0.0"));

            RegistryClient anonymous = client(insecure);
            assertEquals(openDigest, anonymous.resolve(open, tag).digest());
            int afterFirst = tokens.issued();
            assertEquals(openDigest, anonymous.resolve(open, tag).digest());
            assertEquals(registry.revision("public/web", "1.0.0", "amd64"),
                    anonymous.labels(open, openDigest).get("org.opencontainers.image.revision"));
            assertEquals(afterFirst, tokens.issued(), "the token is cached until it expires");
            assertThrows(RegistryAuthFailed.class, () -> anonymous.resolve(closed, tag));

            RegistryClient account = client(insecure.withCredentials(registry.host(), USER, PASSWORD));
            assertEquals(closedDigest, account.resolve(closed, tag).digest());

            RegistryAuthFailed wrong = assertThrows(RegistryAuthFailed.class,
                    () -> client(insecure.withCredentials(registry.host(), USER, "nope")).resolve(closed, tag));
            assertTrue(wrong.getMessage().contains("token service"), wrong.getMessage());
        }
    }

    @Test
    void plainHttpTokenRealmIsRefusedUnlessListed() throws IOException {
        try (RegistryTokenServer tokens = new RegistryTokenServer(USER, PASSWORD);
                DistributionRegistry registry = new DistributionRegistry().withConfig(tokens.registryConfig())
                        .pushingAs("Bearer " + tokens.jwt("pusher", List.of("public/web"), "pull", "push")).start()) {
            registry.pushImage("public/web", "1.0.0");
            RegistryClient client = client(RegistrySettings.defaults().withInsecureHosts(registry.host())
                    .withCredentials(registry.host(), USER, PASSWORD));
            RegistryProtocolError e = assertThrows(RegistryProtocolError.class,
                    () -> client.resolve(ImageRef.of(registry.host(), "public/web"), new Tag("1.0.0")));
            assertTrue(e.getMessage().contains("not HTTPS"), e.getMessage());
            assertEquals(0, tokens.issued(), "no credentials were sent over plain HTTP");
        }
    }

    private static RegistryClient client(RegistrySettings settings) {
        return new HttpRegistryClient(settings, Clock.systemUTC());
    }
}
