package dev.berth.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The disabled and credential checks every registry endpoint shares. The test profile enables every source, so the
 * disabled answer is tested here, without HTTP; refusals never touch the event store.
 */
class RegistryRefusalsTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final RegistryWebhooks webhooks = new RegistryWebhooks(
            new WebhookIngest(null, new WebhookMetrics(meters)), new ObjectMapper(), Clock.systemUTC());

    @ParameterizedTest
    @CsvSource(quoteCharacter = '"', value = {"\"\"", "\"   \""})
    void unsetOrBlankCredentialDisablesTheSource(String configured) {
        Optional<String> credential = RegistryWebhooks.credential(Optional.of(configured));
        Response response = webhooks.refusal("quay", "berth.webhooks.quay.token", credential, configured).orElseThrow();
        assertEquals(404, response.getStatus());
        assertEquals("quay webhooks are disabled on this berth (berth.webhooks.quay.token is not set)",
                ((Map<?, ?>) response.getEntity()).get("error"));
        assertEquals(1.0, meters.counter("berth.webhooks", "source", "quay", "event", "unknown", "outcome", "disabled")
                .count());
    }

    @ParameterizedTest
    @CsvSource(quoteCharacter = '"', value = {"Bearer s3cret, Bearer s3cre", "Bearer s3cret, bearer s3cret",
        "Bearer s3cret, \"\"", "Bearer s3cret, \"Bearer  s3cret\""})
    void anythingButTheExactValueIsUnauthorized(String configured, String presented) {
        Response response = webhooks.refusal("harbor", "p", Optional.of(configured), presented).orElseThrow();
        assertEquals(401, response.getStatus());
        assertEquals(RegistryWebhooks.BAD_CREDENTIALS, ((Map<?, ?>) response.getEntity()).get("error"));
        assertTrue(webhooks.refusal("harbor", "p", Optional.of(configured), null).isPresent());
    }

    @Test
    void theExactValuePasses() {
        assertTrue(webhooks.refusal("harbor", "p", Optional.of("Bearer s3cret"), "Bearer s3cret").isEmpty());
    }
}
