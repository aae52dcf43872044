package dev.berth.webhook;

import dev.berth.testing.RedisResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Secrets that are only blanks and commas (a templating slip in an env file) disable the source too. */
@QuarkusTest
@QuarkusTestResource(RedisResource.class)
@TestProfile(GitHubBlankSecretsTest.Blank.class)
class GitHubBlankSecretsTest {

    public static class Blank implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("berth.webhooks.github.secrets", " , ");
        }
    }

    @Test
    void blankSecretsDisableTheSource() {
        GitHubDisabledTest.assertDisabled();
    }
}
