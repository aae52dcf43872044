package dev.berth.webhook;

import static dev.berth.testing.GitHubDeliveries.newDelivery;
import static dev.berth.testing.GitHubDeliveries.send;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.testing.Mutator;
import dev.berth.testing.RedisResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A sample of the fuzzer's mutants, signed or carrying the right token, through the running service: every answer
 * is below 500 (a 2xx, or a 400 that names the problem), and no answer shows a Java class name.
 */
@QuarkusTest
@QuarkusTestResource(RedisResource.class)
class WebhookFuzzHttpTest {

    private static final int SAMPLE = 120;

    private static void check(String what, int i, int status, String body) {
        assertTrue(status < 500, what + " mutant " + i + " answered " + status + ": " + body);
        assertTrue(!body.contains("Exception") && !body.contains("java.") && !body.contains("dev.berth."),
                what + " mutant " + i + " shows a class name: " + body);
    }

    @Test
    void signedGitHubMutantsNeverAnswer5xx() {
        Mutator mutator = new Mutator(PayloadFuzzTest.SEED);
        List<String> events = List.of("push", "workflow_run", "release", "package", "registry_package");
        for (int i = 0; i < SAMPLE; i++) {
            String event = events.get(i % events.size());
            List<byte[]> seeds = PayloadFuzzTest.seeds("github/" + event);
            byte[] mutant = mutator.mutate(seeds.get(mutator.random().nextInt(seeds.size())), true);
            var answer = send(event, newDelivery(), mutant).extract();
            check("github " + event, i, answer.statusCode(), answer.asString());
        }
    }

    @Test
    void registryMutantsWithTheRightTokenNeverAnswer5xx() {
        Mutator mutator = new Mutator(PayloadFuzzTest.SEED + 1);
        for (int i = 0; i < SAMPLE; i++) {
            String[] route = switch (i % 4) {
                case 0 -> new String[] {"distribution", "/webhooks/distribution", "Bearer test-distribution-token"};
                case 1 -> new String[] {"harbor", "/webhooks/harbor", "Basic dGVzdDpoYXJib3I="};
                case 2 -> new String[] {"dockerhub", "/webhooks/dockerhub/test-dockerhub-token", null};
                default -> new String[] {"quay", "/webhooks/quay/test-quay-token-0123", null};
            };
            List<byte[]> seeds = PayloadFuzzTest.seeds(route[0]);
            byte[] mutant = mutator.mutate(seeds.get(mutator.random().nextInt(seeds.size())), true);
            var request = given().contentType("application/json").body(mutant);
            if (route[2] != null) {
                request = request.header("Authorization", route[2]);
            }
            var answer = request.post(route[1]).then().extract();
            check(route[0], i, answer.statusCode(), answer.asString());
        }
    }
}
