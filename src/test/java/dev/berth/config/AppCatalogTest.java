package dev.berth.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.domain.AppName;
import dev.berth.domain.ImageRef;
import dev.berth.domain.Tag;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalog against real folders: refusals keep the last valid definition, removals drop the app. */
class AppCatalogTest {

    private static final AppName WEB = new AppName("web");
    private static final AppName API = new AppName("api");

    @TempDir
    Path repo;

    private final AppCatalog catalog = new AppCatalog();

    @Test
    void loadsEveryAppFolder() throws IOException {
        AppDefinitionParserTest.copyExample(repo);
        writeApi("^main-");
        Files.writeString(repo.resolve("apps/README.md"), "not an app");
        Files.createDirectories(repo.resolve("apps/.hidden"));

        LoadReport report = catalog.reload(repo);

        assertTrue(report.ok(), report.summary());
        assertEquals(List.of(API, WEB), report.loaded().stream().map(AppDefinition::name).toList());
        assertEquals(List.of(API, WEB), catalog.all().stream().map(AppDefinition::name).toList());
        assertEquals("registry.example.com/acme/web", catalog.find(WEB).orElseThrow().image().repository());
        assertEquals(Optional.empty(), catalog.find(new AppName("nope")));
    }

    @Test
    void trackingMatchesTheNormalizedRepositoryAndTheTagPolicy() throws IOException {
        AppDefinitionParserTest.copyExample(repo);
        writeApi("^main-");
        catalog.reload(repo);

        ImageRef web = ImageRef.parse("REGISTRY.example.com/acme/web:1.4.0");
        assertEquals(List.of(WEB), names(catalog.tracking(web, new Tag("1.4.0"))));
        assertEquals(List.of(), names(catalog.tracking(web, new Tag("2.0.0"))));
        assertEquals(List.of(), names(catalog.tracking(web, new Tag("1.4.0-rc.1"))));
        ImageRef hub = ImageRef.parse("index.docker.io/library/nginx");
        assertEquals(List.of(API), names(catalog.tracking(hub, new Tag("main-abc1234"))));
        assertEquals(List.of(), names(catalog.tracking(hub, new Tag("1.4.0"))));
    }

    @Test
    void aBrokenAppKeepsItsLastValidDefinitionWhileOthersUpdate() throws IOException {
        AppDefinitionParserTest.copyExample(repo);
        writeApi("^main-");
        AppDefinition webBefore = catalog.reload(repo).loaded().get(1);

        Path webApp = repo.resolve("apps/web/app.yaml");
        Files.writeString(webApp, Files.readString(webApp).replace("deploy@10.0.0.5:22", "root@@x"));
        writeApi("^release-");
        LoadReport report = catalog.reload(repo);

        assertEquals(List.of(API), names(report.loaded()));
        assertEquals(1, report.refused().size());
        LoadReport.Refused refused = report.refused().get(0);
        assertEquals("apps/web", refused.folder());
        assertTrue(refused.keptPrevious());
        assertEquals(List.of("apps/web/app.yaml:10: environments[0].hosts[0].ssh: 'root@@x' is not user@host[:port]"),
                refused.problems().stream().map(ConfigProblem::toString).toList());
        assertTrue(report.summary().contains("apps/web/app.yaml:10:"), report.summary());
        assertEquals(webBefore, catalog.find(WEB).orElseThrow(), "the last valid web definition keeps running");
        assertTrue(catalog.find(API).orElseThrow().track().accepts(new Tag("release-7")), "api was updated");
        assertFalse(catalog.find(API).orElseThrow().track().accepts(new Tag("main-7")));
    }

    @Test
    void aNewBrokenAppIsRefusedWithoutAPreviousDefinition() throws IOException {
        writeApi("^main-");
        Path bad = Files.createDirectories(repo.resolve("apps/Bad_App"));
        Files.writeString(bad.resolve("app.yaml"), "image: x\n");
        LoadReport report = catalog.reload(repo);
        assertEquals(List.of(API), names(catalog.all()));
        assertEquals("apps/Bad_App", report.refused().get(0).folder());
        assertFalse(report.refused().get(0).keptPrevious());
    }

    @Test
    void aRemovedFolderRemovesTheApp() throws IOException {
        AppDefinitionParserTest.copyExample(repo);
        writeApi("^main-");
        catalog.reload(repo);

        delete(repo.resolve("apps/web"));
        LoadReport report = catalog.reload(repo);

        assertEquals(List.of(WEB), report.removed());
        assertEquals(Optional.empty(), catalog.find(WEB));
        assertEquals(List.of(API), names(catalog.all()));
    }

    @Test
    void aMissingAppsFolderChangesNothing() throws IOException {
        writeApi("^main-");
        catalog.reload(repo);
        LoadReport report = catalog.reload(repo.resolve("elsewhere"));
        assertFalse(report.ok());
        assertEquals("apps", report.refused().get(0).folder());
        assertEquals(List.of(API), names(catalog.all()));
    }

    @Test
    void composeProjectsThatCollideAreRefusedNamingBothApps() throws IOException {
        writeApp("shop-api", "prod");
        catalog.reload(repo);
        writeApp("shop", "api-prod");

        LoadReport report = catalog.reload(repo);

        assertEquals(List.of(new AppName("shop-api")), names(catalog.all()), report.summary());
        assertEquals(1, report.refused().size(), report.summary());
        String problem = report.refused().get(0).problems().get(0).toString();
        assertTrue(problem.contains("'shop-api-prod'") && problem.contains("shop/api-prod")
                && problem.contains("shop-api/prod"), problem);
    }

    @Test
    void aNewAppCannotEvictARunningOneWhoseNameSortsLater() throws IOException {
        writeApp("shop-api", "prod");
        catalog.reload(repo);
        writeApp("shop", "api-prod");
        catalog.reload(repo);

        LoadReport again = catalog.reload(repo);

        assertEquals(List.of(new AppName("shop-api")), names(catalog.all()), again.summary());
        assertFalse(again.ok(), again.summary());
    }

    @Test
    void withoutAPreviousCatalogTheFirstNameClaimsTheProject() throws IOException {
        writeApp("shop-api", "prod");
        writeApp("shop", "api-prod");

        LoadReport report = catalog.reload(repo);

        assertEquals(List.of(new AppName("shop")), names(catalog.all()), report.summary());
        assertEquals("apps/shop-api", report.refused().get(0).folder());
    }

    private void writeApp(String name, String env) throws IOException {
        Path dir = Files.createDirectories(repo.resolve("apps/" + name));
        Files.writeString(dir.resolve("compose.yaml"), "services:\n  api:\n    image: nginx\n");
        Files.writeString(dir.resolve("app.yaml"), """
                image: nginx
                services: [api]
                track: { regex: "^main-" }
                environments:
                  - name: %s
                    hosts: [{ ssh: deploy@api.example.com }]
                """.formatted(env));
    }

    private void writeApi(String regex) throws IOException {
        Path dir = Files.createDirectories(repo.resolve("apps/api"));
        Files.writeString(dir.resolve("compose.yaml"), "services:\n  api:\n    image: nginx\n");
        Files.writeString(dir.resolve("app.yaml"), """
                image: nginx
                services: [api]
                track: { regex: "%s" }
                environments:
                  - name: prod
                    hosts: [{ ssh: deploy@api.example.com }]
                """.formatted(regex));
    }

    private static List<AppName> names(List<AppDefinition> apps) {
        return apps.stream().map(AppDefinition::name).toList();
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
