package dev.berth.notify;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Notifications for the renderer and delivery tests, from the plain to the extreme. */
final class Samples {

    static final Instant AT = Instant.parse("2025-03-04T05:06:07Z");
    static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);
    static final Links LINKS = new Links(java.util.Optional.of("https://berth.example.com/"));

    private Samples() {
    }

    static Notification succeeded() {
        return Notification.of(NotificationKind.DEPLOY_SUCCEEDED, "web", "production", "web 1.4.2 is live in production", AT)
                .withImage(DIGEST, "1.4.2").withDeployment("20250304T050607Z-0123456789ab", "d-42")
                .withFacts(Map.of("Hosts", "2"));
    }

    /** A rollback with a 20,000-character incident note full of characters chat formats must escape. */
    static Notification longIncident() {
        return Notification.of(NotificationKind.ROLLBACK, "web", "production", "web rolled back to 1.4.1", AT)
                .withImage(DIGEST, "1.4.1").withDeployment(null, "d-43")
                .withText("check <http://127.0.0.1:8080/health> failed & ".repeat(20_000 / 45 + 1).substring(0, 20_000));
    }

    static Notification manyFacts() {
        Map<String, String> facts = new LinkedHashMap<>();
        for (int i = 0; i < 60; i++) {
            facts.put("fact " + i, "value ".repeat(100) + i);
        }
        return Notification.of(NotificationKind.DRIFT_DETECTED, "api", "staging", "T".repeat(1000), AT).withFacts(facts);
    }

    static Notification noScope() {
        return Notification.of(NotificationKind.EVENT_DEAD_LETTERED, null, null, "an event failed 5 times", AT)
                .withText("delivery 72d3162e: registry answered 500");
    }

    /** Drift as berth reports it: hosts and their differences in the text, the expected release as facts. */
    static Notification driftDetected() {
        return Notification.of(NotificationKind.DRIFT_DETECTED, "web", "production",
                        "Drift in web/production: 1 of 2 hosts run something berth did not deploy", AT)
                .withDeployment("20250304T050607Z-0123456789ab", "d-42")
                .withText("deploy@10.0.0.5:22: current release is 20250301T000000Z-aaaaaaaaaaaa, expected "
                        + "20250304T050607Z-0123456789ab; service web runs <sha256:ff…>, expected " + DIGEST)
                .withFacts(Map.of("Drifted hosts", "deploy@10.0.0.5:22", "Since", AT.toString()));
    }

    static Notification driftResolved() {
        return Notification.of(NotificationKind.DRIFT_RESOLVED, "web", "production",
                "Drift in web/production resolved", AT).withText("drifted since " + AT + "; every host clean");
    }

    static List<Notification> all() {
        return List.of(succeeded(), longIncident(), manyFacts(), noScope(), driftDetected(), driftResolved());
    }
}
