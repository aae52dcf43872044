package dev.berth.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.domain.Digest;
import dev.berth.domain.ImageRef;
import dev.berth.domain.Tag;
import dev.berth.testing.DistributionRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The client against a real, anonymous Distribution registry on loopback. */
class HttpRegistryClientTest {

    private static final String REVISION = "org.opencontainers.image.revision";
    private static DistributionRegistry registry;
    private static RegistryClient client;

    @BeforeAll
    static void start() {
        registry = new DistributionRegistry().start();
        client = new HttpRegistryClient(RegistrySettings.defaults().withInsecureHosts(registry.host()), Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    private static ImageRef repo(String path) {
        return ImageRef.of(registry.host(), path);
    }

    @Test
    void singleManifestTagResolvesToItsDigest() {
        String pushed = registry.pushImage("acme/web", "1.0.0");
        Resolved resolved = client.resolve(repo("acme/web"), new Tag("1.0.0"));
        assertEquals(Digest.of(pushed), resolved.digest());
        assertEquals(ManifestTypes.OCI_MANIFEST, resolved.mediaType());
        assertFalse(resolved.isIndex());
    }

    /** GHCR sends an event per platform manifest and one for the index; resolving the tag always gives the index. */
    @Test
    void multiArchTagResolvesToTheIndexDigestNotAPlatformDigest() throws Exception {
        String index = registry.pushIndex("acme/multi", "2.0.0", "arm64", "amd64");
        Resolved resolved = client.resolve(repo("acme/multi"), new Tag("2.0.0"));
        assertEquals(Digest.of(index), resolved.digest());
        assertTrue(resolved.isIndex());
        JsonNode entries = new ObjectMapper().readTree(get("/v2/acme/multi/manifests/" + index)).path("manifests");
        assertEquals(2, entries.size());
        for (JsonNode entry : entries) {
            assertNotEquals(entry.path("digest").asText(), resolved.digest().value());
        }
    }

    @Test
    void unknownTagIsDigestNotFound() {
        registry.pushImage("acme/known", "1.0.0");
        DigestNotFound e = assertThrows(DigestNotFound.class, () -> client.resolve(repo("acme/known"), new Tag("9.9.9")));
        assertFalse(e.isTransient());
        assertTrue(e.getMessage().contains(registry.host() + "/acme/known:9.9.9"), e.getMessage());
    }

    @Test
    void unknownRepositoryIsDigestNotFound() {
        assertThrows(DigestNotFound.class, () -> client.resolve(repo("acme/never-pushed"), new Tag("latest")));
    }

    @Test
    void retagToANewImageResolvesToTheNewDigest() {
        String first = registry.pushImage("acme/retag", "stable");
        assertEquals(Digest.of(first), client.resolve(repo("acme/retag"), new Tag("stable")).digest());
        String second = registry.pushImage("acme/retag", "stable");
        assertNotEquals(first, second);
        assertEquals(Digest.of(second), client.resolve(repo("acme/retag"), new Tag("stable")).digest());
    }

    @Test
    void labelsOfAnImage() {
        Digest digest = Digest.of(registry.pushImage("acme/labels", "1.0.0"));
        assertEquals(registry.revision("acme/labels", "1.0.0", "amd64"), client.labels(repo("acme/labels"), digest).get(REVISION));
    }

    @Test
    void labelsOfAnIndexAreThoseOfItsAmd64Image() {
        Digest digest = Digest.of(registry.pushIndex("acme/labels-multi", "1.0.0", "arm64", "amd64"));
        assertEquals(registry.revision("acme/labels-multi", "1.0.0", "amd64"),
                client.labels(repo("acme/labels-multi"), digest).get(REVISION));
    }

    @Test
    void labelsOfAnUnknownDigestIsDigestNotFound() {
        registry.pushImage("acme/labels-none", "1.0.0");
        Digest unknown = Digest.of("sha256:" + "0".repeat(64));
        assertThrows(DigestNotFound.class, () -> client.labels(repo("acme/labels-none"), unknown));
    }

    @Test
    void confirmTrustsTheRegistryOverTheEvent() {
        Digest current = Digest.of(registry.pushImage("acme/confirm", "1.0.0"));
        Digest stale = Digest.of("sha256:" + "a".repeat(64));
        Confirmation differs = client.confirm(repo("acme/confirm"), new Tag("1.0.0"), Optional.of(stale));
        assertEquals(current, differs.digest());
        assertTrue(differs.differs());
        Confirmation same = client.confirm(repo("acme/confirm"), new Tag("1.0.0"), Optional.of(current));
        assertFalse(same.differs());
        assertFalse(client.confirm(repo("acme/confirm"), new Tag("1.0.0"), Optional.empty()).differs());
    }

    @Test
    void plainHttpOnlyForListedHosts() {
        registry.pushImage("acme/tls", "1.0.0");
        RegistryClient strict = new HttpRegistryClient(RegistrySettings.defaults()
                .withRetry(1, Duration.ofMillis(10), Duration.ofSeconds(1)), Clock.systemUTC());
        RegistryUnavailable e = assertThrows(RegistryUnavailable.class,
                () -> strict.resolve(repo("acme/tls"), new Tag("1.0.0")));
        assertTrue(e.isTransient());
    }

    private static byte[] get(String path) throws Exception {
        HttpResponse<byte[]> r = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                HttpRequest.newBuilder(URI.create(registry.url() + path)).header("Accept", ManifestTypes.OCI_INDEX).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode());
        return r.body();
    }
}
