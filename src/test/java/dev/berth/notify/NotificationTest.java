package dev.berth.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NotificationTest {

    @Test
    void roundTripsThroughTheStreamRecord() {
        for (Notification n : Samples.all()) {
            assertEquals(n, NotificationRecord.fromFields(NotificationRecord.toFields(n)));
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            app      | Web         | ''        | app name
            env      | ''          | prod/x    | environment name
            digest   | ''          | sha256:xy | digest
            """)
    void refusesInvalidIdentifiers(String what, String app, String other, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> {
            Notification n = Notification.of(NotificationKind.DRIFT_DETECTED, app.isEmpty() ? "web" : app,
                    "env".equals(what) ? other : "staging", "t", Samples.AT);
            if ("digest".equals(what)) {
                n.withImage(other, null);
            }
        });
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void masksCredentialsInUrls() {
        Notification n = Samples.succeeded().withText("pull from https://bot:ghp_s3cret@git.example.com/x failed")
                .withFacts(Map.of("remote", "redis://:hunter2@10.0.0.2:6379"));
        assertFalse(n.text().contains("ghp_s3cret"));
        assertTrue(n.text().contains("https://bot:***@git.example.com/x"));
        assertFalse(n.facts().get("remote").contains("hunter2"));
    }

    @Test
    void dedupeKeyIsKindAppEnvDigest() {
        Notification a = Samples.succeeded();
        assertEquals("deploy.succeeded:web:production:" + Samples.DIGEST.substring(7), a.dedupeKey());
        assertEquals(a.dedupeKey(), a.withText("other words").dedupeKey(), "same phase of the same digest");
        assertNotEquals(Samples.noScope().dedupeKey(), Samples.noScope().withText("another error").dedupeKey(),
                "without a digest only identical messages are the same");
    }

    @ParameterizedTest
    @CsvSource({"deploy.failed,deploy.failed,true", "deploy,deploy.started,true", "rollback,rollback,true",
            "deploy.failed,deploy.started,false", "verification,rollback,false", "drift,drift.detected,true",
            "drift,drift.resolved,true", "drift.detected,drift.resolved,false"})
    void filtersByKindOrFamily(String filter, String kind, boolean passes) {
        SinkFilter f = new SinkFilter(java.util.Set.of(), java.util.Set.of(), java.util.Set.of(filter), Severity.INFO);
        assertEquals(passes, f.matches(Notification.of(NotificationKind.fromWire(kind), "web", "staging", "t",
                Samples.AT)));
    }

    @Test
    void unknownKindInAFilterIsRefusedWithTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SinkFilter(
                java.util.Set.of(), java.util.Set.of(), java.util.Set.of("deploy.exploded"), Severity.INFO));
        assertTrue(e.getMessage().contains("deploy.failed"), e.getMessage());
    }
}
