package dev.berth.gitops;

import dev.berth.config.AppDefinition;
import dev.berth.config.EnvironmentSpec;
import dev.berth.deploy.Deployment;
import dev.berth.notify.Notification;
import dev.berth.notify.NotificationKind;
import dev.berth.notify.NotificationOutbox;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The notifications of a drift episode: {@code drift.detected} when it starts, {@code drift.resolved} when it ends.
 * They carry no digest field (that would make two episodes of the same digest one for de-duplication); the episode's
 * start time is in the text instead, and the expected digest is a fact.
 */
@ApplicationScoped
public class DriftReports {

    private static final Logger LOG = Logger.getLogger(DriftReports.class);

    private final NotificationOutbox outbox;

    public DriftReports(NotificationOutbox outbox) {
        this.outbox = outbox;
    }

    /** An episode started: which hosts differ and how, and what self-heal did. */
    public void detected(AppDefinition app, EnvironmentSpec env, Deployment want, DriftEpisodes.Outcome outcome,
            Map<String, List<String>> found, Optional<String> selfHeal) {
        StringBuilder text = new StringBuilder();
        found.forEach((host, differences) -> text.append(host).append(": ").append(String.join("; ", differences))
                .append('\n'));
        text.append("Drifting since ").append(outcome.since()).append(".\n");
        selfHeal.ifPresentOrElse(s -> text.append(s).append('\n'), () -> text.append(env.drift().selfHeal() ? ""
                : "Self-heal is off: deploy again, roll back, or set drift: { selfHeal: true } in app.yaml.\n"));
        publish(Notification.of(NotificationKind.DRIFT_DETECTED, app.name().value(), env.name().value(),
                "Drift in " + app.name() + "/" + env.name() + ": " + outcome.driftedHosts().size() + " of "
                        + env.hosts().size() + " host(s) run something berth did not deploy", outcome.since())
                .withDeployment(want.releaseId().value(), want.id().value())
                .withText(text.toString())
                .withFacts(facts(want, outcome)));
    }

    /** An episode ended: every host runs the desired release again. */
    public void resolved(AppDefinition app, EnvironmentSpec env, Deployment want, DriftEpisodes.Outcome outcome,
            Instant now) {
        Duration lasted = Duration.between(outcome.since(), now);
        publish(Notification.of(NotificationKind.DRIFT_RESOLVED, app.name().value(), env.name().value(),
                "Drift in " + app.name() + "/" + env.name() + " resolved", now)
                .withDeployment(want.releaseId().value(), want.id().value())
                .withText("Every host runs release " + want.releaseId() + " again. Drifting since " + outcome.since()
                        + " (" + lasted.toSeconds() + " s).")
                .withFacts(facts(want, outcome)));
    }

    private static Map<String, String> facts(Deployment want, DriftEpisodes.Outcome outcome) {
        Map<String, String> facts = new LinkedHashMap<>();
        if (!outcome.driftedHosts().isEmpty()) {
            facts.put("Drifted hosts", String.join(", ", outcome.driftedHosts()));
        }
        facts.put("Expected digest", want.digest().value());
        if (want.tag() != null) {
            facts.put("Expected tag", want.tag());
        }
        return facts;
    }

    private void publish(Notification n) {
        try {
            outbox.publish(n);
        } catch (RuntimeException e) {
            LOG.errorf("Notification %s for %s not queued: %s", n.kind().wire(), n.scope(), e.getMessage());
        }
    }
}
