package dev.berth.gitops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.berth.domain.AppName;
import dev.berth.domain.DeploymentId;
import dev.berth.domain.Digest;
import dev.berth.domain.EnvName;
import dev.berth.domain.ImageRef;
import dev.berth.domain.ReleaseId;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Pin files are read strictly: a bad one names file, line and reason. */
class PinFileTest {

    private static final String FILE = "state/web/staging.yaml";
    private static final String REPO = "registry.example.com/acme/web";
    private static final Digest DIGEST = new Digest("sha256:" + "a".repeat(64));

    @Test
    void readsWhatBerthWrites() throws Exception {
        Instant at = Instant.parse("2026-01-02T03:04:05Z");
        DeploymentId id = DeploymentId.next(at);
        Pin pin = new Pin(new AppName("web"), new EnvName("staging"), ImageRef.parse(REPO), "1.4.2", DIGEST,
                ReleaseId.of(at, DIGEST), id, "push of \"1.4.2\"", at);
        PinFile read = PinFile.parse(pin.toYaml(), FILE, REPO);
        assertEquals(new PinFile(DIGEST, "1.4.2", id), read);
    }

    @Test
    void aPersonNeedsOnlyTheDigest() throws Exception {
        PinFile read = PinFile.parse("digest: " + DIGEST + "\n", FILE, REPO);
        assertEquals(DIGEST, read.digest());
        assertNull(read.tag());
        assertNull(read.deployment());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "no digest                | 'tag: \"1.0\"'                          | 'state/web/staging.yaml:1: digest: is required'",
        "short digest             | 'digest: sha256:abc'                    | 'state/web/staging.yaml:1: digest: invalid digest'",
        "digest on line 2         | '# hand-written\\ndigest: md5:00'       | 'state/web/staging.yaml:2: digest: invalid digest'",
        "unknown key              | 'digets: x'                             | 'state/web/staging.yaml:1: unknown key ''digets'''",
        "another image            | 'image: docker.io/evil/web\\ndigest: x' | 'state/web/staging.yaml:1: image: ''docker.io/evil/web'' is not the image'",
        "not a mapping            | '- a\\n- b'                             | 'state/web/staging.yaml:1: a pin file is a mapping'",
        "digest as a list         | 'digest: [a]'                           | 'state/web/staging.yaml:1: digest: expected a string'",
        "not YAML                 | 'digest: \"open'                        | 'state/web/staging.yaml:1: not valid YAML'",
        "duplicate key            | 'digest: a\\ndigest: b'                 | 'state/web/staging.yaml'",
        "empty file               | ''                                      | 'state/web/staging.yaml: a pin file is a mapping'",
        "bad deployment id        | 'deployment: ../x'                      | 'state/web/staging.yaml:1: deployment: '",
    })
    void refused(String name, String text, String message) {
        PinFile.Invalid e = assertThrows(PinFile.Invalid.class,
                () -> PinFile.parse(text.replace("\\n", "\n"), FILE, REPO));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().startsWith(message),
                name + ": " + e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({
        "https://github.com/acme/state.git, acme/state",
        "https://x-access-token@github.com/acme/state/, acme/state",
        "git@github.com:acme/state.git, acme/state",
        "ssh://git@github.com/acme/state, acme/state",
        "file:///tmp/x/acme/state.git, acme/state",
    })
    void gitHubRepositoryOfTheRemoteUrl(String url, String slug) {
        assertEquals(slug, PullOnPush.slugOf(url));
    }
}
