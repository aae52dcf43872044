package dev.berth.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.berth.config.AppDefinition;
import dev.berth.testing.HttpSink;
import dev.berth.testing.RedisResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The application's EnvironmentChecker bean with the default berth.verify settings runs a direct check. */
@QuarkusTest
@QuarkusTestResource(RedisResource.class)
class EnvironmentCheckerWiringTest {

    @Inject
    EnvironmentChecker checker;

    @Inject
    VerifyConfig config;

    @TempDir
    Path dir;

    @Test
    void theBeanChecksAnEnvironment() {
        assertEquals(64, config.maxConcurrentChecks());
        assertEquals(8, config.maxConcurrentChecksPerEnvironment());
        assertFalse(config.checkerErrorsFail());
        try (HttpSink app = HttpSink.start()) {
            app.otherwise(HttpSink.Reply.status(200).body("{\"status\":\"UP\"}"));
            AppDefinition def = CheckerFixture.app(dir,
                    CheckerFixture.host("deploy@127.0.0.1:22", "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU",
                            Path.of("/opt/apps")),
                    "      - http: " + app.url("/health") + "\n        expect: { jsonPointer: { /status: UP } }\n");
            assertEquals(CheckResult.Verdict.PASS, checker.check(def, def.first()).verdict());
        }
    }
}
