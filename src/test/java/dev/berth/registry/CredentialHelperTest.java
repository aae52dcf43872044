package dev.berth.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.domain.Digest;
import dev.berth.domain.ImageRef;
import dev.berth.domain.Tag;
import dev.berth.testing.DistributionRegistry;
import dev.berth.testing.LogCapture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Docker credential-helper protocol with real helper programs (shell scripts written here) in front of a real
 * Distribution registry that requires the helper's credentials (htpasswd): the script is run as {@code <helper> get}
 * with the server URL on stdin, its answer is cached until shortly before it expires (a JWT's {@code exp}, else the
 * assumed lifetime), refreshed when the registry refuses it, and a failing helper gives a clear error that never
 * quotes the secret, in the exception or in the logs.
 */
class CredentialHelperTest {

    /** The clock the client reads; the test moves it instead of waiting. */
    private static final Instant START = Instant.parse("2026-11-30T10:00:00Z");
    private static final AtomicReference<Instant> NOW = new AtomicReference<>(START);
    /** A JWT-shaped secret expiring 10 minutes after the start (htpasswd takes any string as a password). */
    private static final String JWT_SECRET = "eyJhbGciOiJub25lIn0." + Base64.getUrlEncoder().withoutPadding()
            .encodeToString(("{\"exp\":" + START.plusSeconds(600).getEpochSecond() + "}")
                    .getBytes(StandardCharsets.UTF_8)) + ".c2lnbmF0dXJl";
    private static final String PLAIN_SECRET = "plain-helper-s3cret-7f3a";

    @TempDir
    static Path dir;
    private static DistributionRegistry registry;
    private static Digest pushed;

    @BeforeAll
    static void registry() throws Exception {
        Path htpasswd = dir.resolve("htpasswd");
        StringBuilder users = new StringBuilder();
        for (String[] user : new String[][] {{"jwt", JWT_SECRET}, {"plain", PLAIN_SECRET}}) {
            Process p = new ProcessBuilder("htpasswd", "-Bbn", user[0], user[1]).start();
            users.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip()).append('\n');
            assertEquals(0, p.waitFor(), "htpasswd (apt package apache2-utils) failed");
        }
        Files.writeString(htpasswd, users);
        registry = new DistributionRegistry()
                .withConfig("auth:\n  htpasswd:\n    realm: berth-test\n    path: " + htpasswd + "\n")
                .pushingAs("Basic " + Base64.getEncoder().encodeToString(("plain:" + PLAIN_SECRET)
                        .getBytes(StandardCharsets.UTF_8))).start();
        pushed = Digest.of(registry.pushImage("acme/private", "1.0.0"));
    }

    @org.junit.jupiter.api.BeforeEach
    void rewind() {
        NOW.set(START);
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    @Test
    void aJwtSecretIsCachedUntilShortlyBeforeItsExpiry() throws Exception {
        Helper helper = helper("jwt", "printf '{\"ServerURL\":\"%s\",\"Username\":\"jwt\",\"Secret\":\"" + JWT_SECRET
                + "\"}' \"$(cat)\"");
        RegistryClient client = client(helper, Duration.ofHours(1));

        assertEquals(pushed, resolve(client));
        assertEquals(1, helper.calls());
        assertEquals(registry.host(), helper.lastServerUrl(), "the server URL is given on stdin");
        NOW.set(NOW.get().plusSeconds(420));
        assertEquals(pushed, resolve(client));
        assertEquals(1, helper.calls(), "7 of 10 minutes: the answer is still cached");
        NOW.set(NOW.get().plusSeconds(140)); // 9m20s: inside the last minute before exp
        assertEquals(pushed, resolve(client));
        assertEquals(2, helper.calls(), "shortly before exp the helper is asked again");
    }

    @Test
    void withoutAnExpiryTheAssumedLifetimeApplies() throws Exception {
        Helper helper = helper("plain", "cat >/dev/null; echo '{\"Username\":\"plain\",\"Secret\":\"" + PLAIN_SECRET + "\"}'");
        RegistryClient client = client(helper, Duration.ofMinutes(5));

        assertEquals(pushed, resolve(client));
        NOW.set(NOW.get().plusSeconds(200));
        assertEquals(pushed, resolve(client));
        assertEquals(1, helper.calls());
        NOW.set(NOW.get().plusSeconds(60)); // 4m20s of an assumed 5m: refreshed a minute early
        assertEquals(pushed, resolve(client));
        assertEquals(2, helper.calls());
    }

    @Test
    void aRefusedSecretIsFetchedAgainAtOnce() throws Exception {
        // the first answer is a secret that expired early; the helper's next answer is the current one
        Helper helper = helper("rotating", "cat >/dev/null; if [ \"$(wc -l < \"$0.calls\")\" -le 1 ]; then"
                + " echo '{\"Username\":\"plain\",\"Secret\":\"expired-secret\"}'; else"
                + " echo '{\"Username\":\"plain\",\"Secret\":\"" + PLAIN_SECRET + "\"}'; fi");
        RegistryClient client = client(helper, Duration.ofHours(1));

        assertEquals(pushed, resolve(client));
        assertEquals(2, helper.calls());
    }

    @Test
    void aFailingHelperGivesAClearErrorWithoutTheSecret() throws Exception {
        Helper failing = helper("failing", "cat >/dev/null; echo '{\"Username\":\"plain\",\"Secret\":\""
                + PLAIN_SECRET + "\"}'; echo 'error getting credentials: token expired, run aws sso login' >&2; exit 3");
        Helper garbled = helper("garbled", "cat >/dev/null; echo 'Username=plain Secret=" + PLAIN_SECRET + "'");
        try (LogCapture logs = new LogCapture()) {
            RegistryAuthFailed failed = assertThrows(RegistryAuthFailed.class, () -> resolve(client(failing,
                    Duration.ofHours(1))));
            assertTrue(failed.getMessage().contains("credential helper " + failing.path() + " for " + registry.host()
                    + " failed with exit status 3: error getting credentials: token expired"), failed.getMessage());
            assertFalse(failed.getMessage().contains(PLAIN_SECRET), failed.getMessage());

            RegistryAuthFailed unusable = assertThrows(RegistryAuthFailed.class, () -> resolve(client(garbled,
                    Duration.ofHours(1))));
            assertTrue(unusable.getMessage().contains("did not print JSON with a Username and a Secret"),
                    unusable.getMessage());
            assertFalse(unusable.getMessage().contains(PLAIN_SECRET), unusable.getMessage());
            assertFalse(logs.text().contains(PLAIN_SECRET), logs.text());
        }
    }

    @Test
    void aMissingHelperNamesTheProgram() {
        RegistryClient client = new HttpRegistryClient(RegistrySettings.defaults().withInsecureHosts(registry.host())
                .withCredentialHelper(registry.host(), "berth-test-no-such-helper", Duration.ofMinutes(5)),
                Clock.systemUTC());
        RegistryAuthFailed e = assertThrows(RegistryAuthFailed.class, () -> resolve(client));
        assertTrue(e.getMessage().contains("docker-credential-berth-test-no-such-helper"), e.getMessage());
    }

    @Test
    void aStaticAccountStillWorks() {
        RegistryClient client = new HttpRegistryClient(RegistrySettings.defaults().withInsecureHosts(registry.host())
                .withCredentials(registry.host(), "plain", PLAIN_SECRET), Clock.systemUTC());
        assertEquals(pushed, resolve(client));
    }

    private static Digest resolve(RegistryClient client) {
        return client.resolve(ImageRef.of(registry.host(), "acme/private"), new Tag("1.0.0")).digest();
    }

    private static RegistryClient client(Helper helper, Duration assumedTtl) {
        Clock clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return NOW.get();
            }
        };
        return new HttpRegistryClient(RegistrySettings.defaults().withInsecureHosts(registry.host())
                .withCredentialHelper(registry.host(), helper.path().toString(), assumedTtl), clock);
    }

    /** A helper script that appends each server URL it is given to {@code <script>.calls}, then runs {@code body}. */
    private record Helper(Path path) {
        int calls() throws Exception {
            Path calls = Path.of(path + ".calls");
            return Files.exists(calls) ? (int) Files.readAllLines(calls).stream().filter(l -> !l.isEmpty()).count() : 0;
        }

        String lastServerUrl() throws Exception {
            var lines = Files.readAllLines(Path.of(path + ".calls"));
            return lines.get(lines.size() - 1);
        }
    }

    private static Helper helper(String name, String body) throws Exception {
        Path script = dir.resolve("docker-credential-" + name);
        // the first line records the call; stdin is read by the body (or discarded), never echoed to stderr
        Files.writeString(script, "#!/bin/sh\n[ \"$1\" = get ] || exit 9\n"
                + "exec 3<&0; url=$(cat <&3); printf '%s\\n' \"$url\" >> \"$0.calls\"\n"
                + "printf '%s' \"$url\" | { " + body + "\n}\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return new Helper(script);
    }
}
