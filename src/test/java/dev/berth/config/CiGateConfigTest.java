package dev.berth.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.berth.domain.EnvName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code gate: { ci: ... }} of an environment: parsed into {@link CiGate}, or refused with file, line and reason. */
class CiGateConfigTest {

    static final String APP = """
            image: registry.example.com/acme/web
            services: [web]
            track: { newest: true }
            environments:
              - name: staging
                hosts: [{ ssh: deploy@10.0.0.5 }]
                promote: auto
              - name: production
                hosts: [{ ssh: deploy@10.0.0.6 }]
                gate:
                  ci:
                    repository: Acme/Web
                    workflows: [build, test]
            """;

    @TempDir
    Path repo;

    @Test
    void gateIsParsed() throws IOException {
        AppDefinition app = parse(APP);
        assertEquals(Optional.empty(), app.environment(new EnvName("staging")).orElseThrow().gate());
        assertEquals(Optional.of(new CiGate("acme/web", List.of("build", "test"))),
                app.environment(new EnvName("production")).orElseThrow().gate());
    }

    @Test
    void withoutWorkflowsAnySuccessfulRunCounts() throws IOException {
        AppDefinition app = parse(APP.replace("        workflows: [build, test]\n", ""));
        assertEquals(Optional.of(new CiGate("acme/web", List.of())),
                app.environment(new EnvName("production")).orElseThrow().gate());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            bad repository    | repository: Acme/Web      | repository: acme         | apps/web/app.yaml:12: environments[1].gate.ci.repository: 'acme' is not a GitHub repository (owner/name)
            no repository     | repository: Acme/Web      | name: web                | apps/web/app.yaml:12: environments[1].gate.ci.name: unknown key (expected one of: repository, workflows)
            empty workflows   | workflows: [build, test]  | workflows: []            | apps/web/app.yaml:13: environments[1].gate.ci.workflows: lists no workflow: name at least one, or leave the key out (any successful run)
            workflow twice    | workflows: [build, test]  | workflows: [build, build] | apps/web/app.yaml:13: environments[1].gate.ci.workflows[1]: workflow 'build' is listed twice
            workflows not a list | workflows: [build, test] | workflows: build       | apps/web/app.yaml:13: environments[1].gate.ci.workflows: expected a list, found 'build'
            unknown gate kind | '      ci:'                | '      cj:'              | apps/web/app.yaml:11: environments[1].gate.cj: unknown key, did you mean 'ci'?
            """)
    void badGateIsRefused(String name, String text, String replacement, String expected) throws IOException {
        InvalidAppDefinition e = assertThrows(InvalidAppDefinition.class, () -> parse(APP.replace(text, replacement)));
        assertEquals(expected, e.problems().get(0).toString(), e.problems().toString());
    }

    private AppDefinition parse(String app) throws IOException {
        Path dir = Files.createDirectories(repo.resolve("apps/web"));
        Files.writeString(dir.resolve("app.yaml"), app);
        Files.writeString(dir.resolve("compose.yaml"), "services:\n  web:\n    image: x\n");
        return new AppDefinitionParser().parse(dir);
    }
}
