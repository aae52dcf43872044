package dev.berth.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.domain.AppName;
import dev.berth.domain.EnvName;
import dev.berth.domain.ImageRef;
import dev.berth.domain.ServiceName;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The complete example of docs/app-yaml.md parses to exactly this model. */
class AppDefinitionParserTest {

    @TempDir
    Path repo;

    @Test
    void theCompleteExampleParsesToTheExpectedModel() throws IOException {
        Path dir = copyExample(repo);
        AppDefinition app = new AppDefinitionParser().parse(dir);

        String compose = Files.readString(dir.resolve("compose.yaml"));
        HttpCheck stagingHttp = new HttpCheck("http://127.0.0.1:8080/health", HttpCheck.Via.HOST, "GET",
                Map.of(), Duration.ofSeconds(5),
                new HttpExpectation(List.of(200), Optional.of("ok"), Optional.of(TagRegex.compile("\"version\":\"1\\.")),
                        Map.of("/status", "UP"), Optional.of(Duration.ofMillis(500)), Map.of()));
        EnvironmentSpec staging = new EnvironmentSpec(new EnvName("staging"),
                List.of(HostSpec.parse("deploy@10.0.0.5:22", "SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s",
                        "/opt/apps")),
                List.of(stagingHttp, new ComposeCheck()), VerifyPolicy.DEFAULT, PromoteMode.AUTO, false,
                Optional.empty(), Duration.ZERO, RollbackPolicy.DEFAULT);
        EnvironmentSpec production = new EnvironmentSpec(new EnvName("production"),
                List.of(HostSpec.parse("deploy@web1.example.com", "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU",
                                null),
                        HostSpec.parse("deploy@[2001:db8::10]:2222", null, "/srv/berth")),
                List.of(new HttpCheck("https://web.example.com/health", HttpCheck.Via.DIRECT, "GET", Map.of(),
                                Duration.ofSeconds(5), new HttpExpectation(List.of(200, 204), Optional.empty(),
                                        Optional.empty(), Map.of(), Optional.of(Duration.ofSeconds(1)), Map.of())),
                        new ComposeCheck()),
                VerifyPolicy.DEFAULT, PromoteMode.MANUAL, true, Optional.of(Duration.ofHours(24)),
                Duration.ofMinutes(10), new RollbackPolicy(Duration.ofMinutes(30), 3));
        AppDefinition expected = new AppDefinition(new AppName("web"),
                ImageRef.parse("registry.example.com/acme/web"),
                List.of(new ServiceName("web"), new ServiceName("worker")),
                new TrackPolicy.SemverTrack(SemverRange.parse(">=1.0.0 <2.0.0"),
                        List.of(TagRegex.compile("-rc"), TagRegex.compile("^dev-"))),
                List.of(staging, production), compose, Sha256.hex(compose),
                List.of("apps/web/app.yaml", "apps/web/compose.yaml"));

        assertEquals(expected, app);
        assertEquals(22, app.first().hosts().get(0).port());
        assertEquals("2001:db8::10", production.hosts().get(1).host());
        assertEquals(2222, production.hosts().get(1).port());
        assertEquals(Optional.of(production), app.next(new EnvName("staging")));
        assertEquals(Optional.empty(), app.next(new EnvName("production")));
    }

    @Test
    void defaultsApplyWhenOptionalKeysAreLeftOut() throws IOException {
        Path dir = Files.createDirectories(repo.resolve("apps/api"));
        Files.writeString(dir.resolve("compose.yaml"), "services:\n  api:\n    image: x\n");
        Files.writeString(dir.resolve("app.yaml"), """
                image: nginx
                services: [api]
                track: { newest: true }
                environments:
                  - name: prod
                    hosts: [{ ssh: deploy@example.com }]
                """);
        AppDefinition app = new AppDefinitionParser().parse(dir);
        EnvironmentSpec env = app.first();
        assertEquals("docker.io/library/nginx", app.image().repository());
        assertEquals(new TrackPolicy.NewestTrack(List.of()), app.track());
        assertEquals(Optional.empty(), app.poll(), "webhooks only unless track.poll is set");
        assertEquals(List.of(new ComposeCheck()), env.checks());
        assertEquals(VerifyPolicy.DEFAULT, env.verify());
        assertEquals(PromoteMode.MANUAL, env.promote());
        assertEquals(false, env.approvalRequired());
        assertEquals(Duration.ZERO, env.soak());
        assertEquals(RollbackPolicy.DEFAULT, env.rollback());
        assertEquals(HostSpec.DEFAULT_ROOT, env.hosts().get(0).root());
        assertEquals(Optional.empty(), env.hosts().get(0).hostKey());
    }

    @Test
    void aFloatingTagPolledEveryFiveMinutes() throws IOException {
        Path dir = Files.createDirectories(repo.resolve("apps/api"));
        Files.writeString(dir.resolve("compose.yaml"), "services:\n  api:\n    image: x\n");
        Files.writeString(dir.resolve("app.yaml"), """
                image: nginx
                services: [api]
                track: { tag: stable, poll: 5m }
                environments:
                  - name: prod
                    hosts: [{ ssh: deploy@example.com }]
                """);
        AppDefinition app = new AppDefinitionParser().parse(dir);
        assertEquals(new TrackPolicy.FloatingTrack(new dev.berth.domain.Tag("stable")), app.track());
        assertEquals(Optional.of(Duration.ofMinutes(5)), app.poll());
        assertEquals(true, app.track().accepts(new dev.berth.domain.Tag("stable")));
        assertEquals(false, app.track().accepts(new dev.berth.domain.Tag("stable-1")));
    }

    @Test
    void anchorsAndMergeKeysShareSettingsBetweenEnvironments() throws IOException {
        Path dir = Files.createDirectories(repo.resolve("apps/api"));
        Files.writeString(dir.resolve("compose.yaml"), "services:\n  api:\n    image: x\n");
        Files.writeString(dir.resolve("app.yaml"), """
                image: nginx
                services: [api]
                track: { regex: "^main-" }
                environments:
                  - &base
                    name: staging
                    hosts: [{ ssh: deploy@example.com }]
                    checks: &checks
                      - http: http://127.0.0.1:8080/health
                        via: host
                    verify: { passes: 5 }
                  - <<: *base
                    name: production
                    soak: 10m
                """);
        AppDefinition app = new AppDefinitionParser().parse(dir);
        EnvironmentSpec staging = app.environments().get(0);
        EnvironmentSpec production = app.environments().get(1);
        assertEquals(new EnvName("production"), production.name());
        assertEquals(staging.checks(), production.checks());
        assertEquals(staging.hosts(), production.hosts());
        assertEquals(5, production.verify().passes());
        assertEquals(Duration.ofMinutes(10), production.soak());
        assertEquals(Duration.ofSeconds(5), production.verify().interval());
    }

    /** Copies the example of src/test/resources/apps/web into {@code root}/apps/web. */
    static Path copyExample(Path root) throws IOException {
        Path dir = Files.createDirectories(root.resolve("apps/web"));
        for (String file : List.of("app.yaml", "compose.yaml")) {
            try (InputStream in = AppDefinitionParserTest.class.getResourceAsStream("/apps/web/" + file)) {
                Files.writeString(dir.resolve(file), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return dir;
    }
}
