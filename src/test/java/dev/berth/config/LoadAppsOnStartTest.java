package dev.berth.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.domain.AppName;
import dev.berth.testing.RedisResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** berth loads {@code berth.apps.dir} when it starts (here the example under src/test/resources/apps). */
@QuarkusTest
@QuarkusTestResource(RedisResource.class)
@TestProfile(LoadAppsOnStartTest.AppsDir.class)
class LoadAppsOnStartTest {

    /** Points berth.apps.dir at the test resources, relative to the module directory Maven runs tests in. */
    public static class AppsDir implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("berth.apps.dir", "src/test/resources");
        }
    }

    @Inject
    AppCatalog catalog;

    @Test
    void theConfiguredAppsAreLoadedAtStartup() {
        assertEquals(List.of(new AppName("web")), catalog.all().stream().map(AppDefinition::name).toList());
    }
}
