package dev.berth.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.berth.domain.AppName;
import dev.berth.domain.Digest;
import dev.berth.domain.EnvName;
import dev.berth.domain.ImageRef;
import dev.berth.domain.ReleaseId;
import dev.berth.domain.ServiceName;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AgentCommandsTest {

    private static final String HEX = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private static final AppName APP = new AppName("web");
    private static final EnvName ENV = new EnvName("staging");
    private static final ReleaseId RELEASE = new ReleaseId("20261123T101500Z-0123456789ab");

    private final AgentCommands agent = new AgentCommands("berth-agent");

    @Test
    void prepareListsEveryPinnedServiceImage() {
        Map<ServiceName, ImageRef> images = new LinkedHashMap<>();
        images.put(new ServiceName("web"), ImageRef.parse("registry.example.com/acme/web@sha256:" + HEX));
        images.put(new ServiceName("worker"), ImageRef.parse("registry.example.com/acme/web:1.2.3@sha256:" + HEX));
        assertEquals(List.of("berth-agent", "prepare", "--root", "/opt/apps", "--app", "web", "--env", "staging",
                "--release", RELEASE.value(),
                "--image", "web=registry.example.com/acme/web@sha256:" + HEX,
                "--image", "worker=registry.example.com/acme/web@sha256:" + HEX),
                agent.prepare("/opt/apps", APP, ENV, RELEASE, images));
    }

    @Test
    void prepareRefusesAnUnpinnedImage() {
        Map<ServiceName, ImageRef> images = Map.of(new ServiceName("web"), ImageRef.parse("acme/web:latest"));
        assertThrows(IllegalArgumentException.class, () -> agent.prepare("/opt/apps", APP, ENV, RELEASE, images));
    }

    @Test
    void activateRollbackStatusPruneMarkGood() {
        assertEquals(List.of("berth-agent", "activate", "--root", "/srv", "--app", "web", "--env", "staging",
                "--release", RELEASE.value()), agent.activate("/srv", APP, ENV, RELEASE));
        assertEquals(List.of("berth-agent", "rollback", "--root", "/srv", "--app", "web", "--env", "staging"),
                agent.rollback("/srv", APP, ENV, Optional.empty()));
        assertEquals(List.of("berth-agent", "rollback", "--root", "/srv", "--app", "web", "--env", "staging",
                "--release", RELEASE.value()), agent.rollback("/srv", APP, ENV, Optional.of(RELEASE)));
        assertEquals(List.of("berth-agent", "status", "--root", "/srv", "--app", "web", "--env", "staging"),
                agent.status("/srv", APP, ENV));
        assertEquals(List.of("berth-agent", "prune", "--root", "/srv", "--app", "web", "--env", "staging",
                "--keep", "5"), agent.prune("/srv", APP, ENV, 5));
        assertEquals(List.of("berth-agent", "mark-good", "--root", "/srv", "--app", "web", "--env", "staging",
                "--release", RELEASE.value()), agent.markGood("/srv", APP, ENV, RELEASE));
        assertEquals(List.of("berth-agent", "check-http", "--url", "http://127.0.0.1:8080/health", "--timeout", "5"),
                agent.checkHttp("http://127.0.0.1:8080/health", 5));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://x/?a=1&b=2", "http://127.0.0.1:8080/~user/a:b@c?q=1&r=~x", "http://[::1]:8080/h",
            "https://x/a*b!c,d+e=f%20g#frag"})
    void checkUrlsOfTheGrammarPassAsTheyAre(String url) {
        assertEquals(url, agent.checkHttp(url, 5).get(3));
    }

    @ParameterizedTest
    @ValueSource(strings = {"opt/apps", "/opt/../etc", "/opt/apps;rm -rf /", "/opt/$(id)", "/opt/`id`",
            "/opt/apps dir", "//opt", "/opt/apps\n", ""})
    void hostileRootsAreRefused(String root) {
        assertThrows(IllegalArgumentException.class, () -> agent.status(root, APP, ENV));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8080/health;id", "http://x/$(id)", "http://x/`id`", "file:///etc/passwd",
            "http://x/a b", "http://x/a'b", "ftp://x/", "http://x/a(b)", "http://u:p@x/"})
    void hostileCheckUrlsAreRefused(String url) {
        assertThrows(IllegalArgumentException.class, () -> agent.checkHttp(url, 5));
    }

    @ParameterizedTest
    @ValueSource(strings = {"web;id", "Web", "../web", "web app", "-web", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void hostileNamesCannotEvenBeBuilt(String name) {
        assertThrows(IllegalArgumentException.class, () -> new AppName(name));
        assertThrows(IllegalArgumentException.class, () -> new EnvName(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.0;id", "$(id)", "a b", "-x", "../x", ".x"})
    void hostileTagsAreRefused(String tag) {
        assertThrows(IllegalArgumentException.class, () -> new dev.berth.domain.Tag(tag));
    }

    @Test
    void digestsMustBeSha256() {
        assertThrows(IllegalArgumentException.class, () -> new Digest("sha256:" + HEX.substring(1)));
        assertThrows(IllegalArgumentException.class, () -> new Digest("sha512:" + HEX));
        assertThrows(IllegalArgumentException.class, () -> new Digest("sha256:" + HEX.toUpperCase()));
    }
}
