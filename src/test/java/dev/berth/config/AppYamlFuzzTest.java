package dev.berth.config;

import static org.junit.jupiter.api.Assertions.fail;

import dev.berth.testing.Mutator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A seeded mutation fuzzer over the app.yaml reader: mutants of the documented example (src/test/resources/apps/web)
 * and of its compose.yaml. The only exception allowed out of {@link AppDefinitionParser#parse} is
 * {@link InvalidAppDefinition}, which lists the problems. Fixed seed and iteration count: a few seconds in CI.
 */
class AppYamlFuzzTest {

    private static final long SEED = 12_2026L;
    private static final int ITERATIONS = 1_500;

    @Test
    void mutatedAppFoldersAreRefusedWithProblemsOnly(@TempDir Path dir) throws IOException {
        Path source = Path.of("src/test/resources/apps/web");
        byte[] app = Files.readAllBytes(source.resolve("app.yaml"));
        byte[] compose = Files.readAllBytes(source.resolve("compose.yaml"));
        Path web = Files.createDirectories(dir.resolve("apps").resolve("web"));
        AppDefinitionParser parser = new AppDefinitionParser();
        Mutator mutator = new Mutator(SEED);
        for (int i = 0; i < ITERATIONS; i++) {
            boolean mutateApp = mutator.random().nextInt(4) != 0;
            byte[] appMutant = mutateApp ? mutator.mutate(app, false) : app;
            byte[] composeMutant = mutateApp ? compose : mutator.mutate(compose, false);
            Files.write(web.resolve("app.yaml"), appMutant);
            Files.write(web.resolve("compose.yaml"), composeMutant);
            try {
                parser.parse(web);
            } catch (InvalidAppDefinition expected) {
                // documented: the catalog refuses the app and names each problem
            } catch (Throwable t) {
                fail("AppDefinitionParser threw " + t + " on mutant " + i + " of seed " + SEED + " ("
                        + (mutateApp ? "app.yaml" : "compose.yaml") + ":\n"
                        + new String(mutateApp ? appMutant : composeMutant, java.nio.charset.StandardCharsets.UTF_8)
                        + ")", t);
            }
        }
    }
}
