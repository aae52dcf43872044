package dev.berth.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.domain.Digest;
import dev.berth.domain.ImageRef;
import dev.berth.domain.Tag;
import dev.berth.testing.DistributionRegistry;
import dev.berth.testing.FreePorts;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Throttling, outages and headerless answers, through a misbehaving front to a real registry. */
class RetriesAndFallbacksTest {

    private static final Tag TAG = new Tag("1.0.0");
    private static DistributionRegistry registry;
    private static Digest pushed;
    private RegistryFront front;

    @BeforeAll
    static void start() {
        registry = new DistributionRegistry().start();
        pushed = Digest.of(registry.pushImage("acme/web", "1.0.0"));
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    @BeforeEach
    void front() {
        front = new RegistryFront(registry.url());
    }

    @AfterEach
    void closeFront() {
        front.close();
    }

    private RegistryClient client(int attempts) {
        return new HttpRegistryClient(RegistrySettings.defaults().withInsecureHosts(front.host())
                .withRetry(attempts, Duration.ofMillis(10), Duration.ofSeconds(5)), Clock.systemUTC());
    }

    private ImageRef repo() {
        return ImageRef.of(front.host(), "acme/web");
    }

    @Test
    void tooManyRequestsWithRetryAfterSecondsIsRetried() {
        front.failNext(1, 429, "1");
        assertEquals(pushed, client(3).resolve(repo(), TAG).digest());
        assertEquals(List.of("HEAD", "HEAD"), front.methods());
    }

    @Test
    void serviceUnavailableWithRetryAfterDateIsRetried() {
        String soon = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(1));
        front.failNext(2, 503, soon);
        assertEquals(pushed, client(3).resolve(repo(), TAG).digest());
        assertEquals(3, front.methods().size());
    }

    @Test
    void permanentOutageIsUnavailableAfterBoundedAttempts() {
        front.failNext(Integer.MAX_VALUE, 503, null);
        RegistryUnavailable e = assertThrows(RegistryUnavailable.class, () -> client(3).resolve(repo(), TAG));
        assertTrue(e.isTransient());
        assertTrue(e.getMessage().contains("HTTP 503 after 3 attempts"), e.getMessage());
        assertEquals(3, front.methods().size());
    }

    @Test
    void retryAfterLongerThanMaxWaitFailsAtOnceWithTheRegistrysDelay() {
        front.failNext(1, 429, "3600");
        RegistryUnavailable e = assertThrows(RegistryUnavailable.class, () -> client(3).resolve(repo(), TAG));
        assertEquals(Optional.of(Duration.ofHours(1)), e.retryAfter());
        assertEquals(1, front.methods().size());
    }

    @Test
    void withoutDockerContentDigestTheDigestIsTheHashOfTheManifestBytes() {
        front.dropDigest();
        Resolved resolved = client(1).resolve(repo(), TAG);
        assertEquals(pushed, resolved.digest());
        assertEquals(ManifestTypes.OCI_MANIFEST, resolved.mediaType());
        assertEquals(List.of("HEAD", "GET"), front.methods());
    }

    @Test
    void bytesThatDoNotHashToTheServedDigestAreRefused() {
        front.dropDigest().digestOnGet("sha256:" + "b".repeat(64));
        RegistryProtocolError e = assertThrows(RegistryProtocolError.class, () -> client(1).resolve(repo(), TAG));
        assertTrue(e.getMessage().contains("the registry says sha256:bbbb"), e.getMessage());
        assertThrows(RegistryProtocolError.class, () -> client(1).labels(repo(), pushed));
    }

    @Test
    void connectionRefusedIsUnavailable() {
        String nothing = "127.0.0.1:" + FreePorts.next();
        RegistryClient client = new HttpRegistryClient(RegistrySettings.defaults().withInsecureHosts(nothing)
                .withRetry(2, Duration.ofMillis(10), Duration.ofSeconds(1)), Clock.systemUTC());
        RegistryUnavailable e = assertThrows(RegistryUnavailable.class,
                () -> client.resolve(ImageRef.of(nothing, "acme/web"), TAG));
        assertTrue(e.getMessage().contains("after 2 attempts"), e.getMessage());
    }
}
