package dev.berth.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The documented property names map onto the configuration, and bad sinks are refused naming the property. */
class NotifyConfigTest {

    private static NotifyConfig load(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(NotifyConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 500)).build();
        return config.getConfigMapping(NotifyConfig.class);
    }

    @Test
    void readsTheDocumentedExample() {
        NotifyConfig c = load(Map.of(
                "berth.notify.public-url", "https://berth.example.com",
                "berth.notify.sinks.ops.type", "slack",
                "berth.notify.sinks.ops.url", "https://hooks.slack.com/services/T0/B0/x",
                "berth.notify.sinks.ops.apps", "web,api",
                "berth.notify.sinks.ops.environments", "production",
                "berth.notify.sinks.ops.kinds", "deploy.failed,rollback",
                "berth.notify.sinks.ops.min-severity", "warning",
                "berth.notify.sinks.ci.type", "webhook",
                "berth.notify.sinks.ci.url", "https://ci.example.com/berth",
                "berth.notify.sinks.ci.secret", "s3cret"));
        NotifyConfig.Sink ops = c.sinks().get("ops");
        assertEquals(SinkType.SLACK, ops.type());
        assertEquals(Severity.WARNING, ops.minSeverity());
        SinkFilter filter = Notifiers.filter("ops", ops);
        assertEquals(Set.of("web", "api"), filter.apps());
        assertEquals(Set.of("deploy.failed", "rollback"), filter.kinds());
        assertEquals(Duration.ofMinutes(15), c.dedupeWindow());
        assertEquals(8, c.retry().maxAttempts());
        assertTrue(ops.minInterval().isEmpty());
        SinkHttp http = new SinkHttp(c.connectTimeout(), c.requestTimeout(), Clock.systemUTC());
        assertInstanceOf(CloudEventsNotifier.class, Notifiers.create("ci", c.sinks().get("ci"),
                Links.of(c.publicUrl()), http));
        Notification n = Samples.succeeded();
        assertEquals("https://berth.example.com/api/v1/deployments/d-42", Links.of(c.publicUrl()).deployment(n)
                .orElseThrow());
    }

    @Test
    void noSinksIsAnEmptyMap() {
        assertTrue(load(Map.of()).sinks().isEmpty());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "webhook | https://x.example.com/h | - | berth.notify.sinks.bad.secret is required",
            "slack   | https://x.example.com/h | k | berth.notify.sinks.bad.secret is only used by type webhook",
            "slack   | ftp://x.example.com/h   | - | berth.notify.sinks.bad.url must be an absolute http or https URL",
            "slack   | /relative               | - | berth.notify.sinks.bad.url must be"})
    void refusesBadSinksNamingTheProperty(String type, String url, String secret, String message) {
        Map<String, String> p = new HashMap<>(Map.of("berth.notify.sinks.bad.type", type,
                "berth.notify.sinks.bad.url", url));
        if (!"-".equals(secret)) {
            p.put("berth.notify.sinks.bad.secret", secret);
        }
        NotifyConfig c = load(p);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Notifiers.create("bad",
                c.sinks().get("bad"), Links.none(), new SinkHttp(Duration.ofSeconds(1), Duration.ofSeconds(1),
                        Clock.systemUTC())));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
        assertTrue(!e.getMessage().contains("x.example.com"), "the URL is a secret");
    }

    @Test
    void unknownKindIsRefusedNamingTheProperty() {
        NotifyConfig c = load(Map.of("berth.notify.sinks.ops.type", "discord",
                "berth.notify.sinks.ops.url", "https://discord.com/api/webhooks/1/x",
                "berth.notify.sinks.ops.kinds", "deploy.exploded"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Notifiers.filter("ops", c.sinks().get("ops")));
        assertTrue(e.getMessage().startsWith("berth.notify.sinks.ops.kinds: unknown notification kind"),
                e.getMessage());
    }
}
