package dev.berth.gitops;

import dev.berth.config.ConfigProblem;
import dev.berth.config.LoadReport;
import dev.berth.domain.AppName;
import dev.berth.notify.Notification;
import dev.berth.notify.NotificationKind;
import dev.berth.notify.NotificationOutbox;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/** Tells people that configuration from the state repository was refused: a {@code config.refused} notification. */
@ApplicationScoped
public class Refusals {

    private static final Logger LOG = Logger.getLogger(Refusals.class);

    private final NotificationOutbox outbox;
    private final Clock clock;

    public Refusals(NotificationOutbox outbox, Clock clock) {
        this.outbox = outbox;
        this.clock = clock;
    }

    /** One notification per refused app folder of a catalog reload at {@code commit}. */
    public void apps(LoadReport report, String commit) {
        for (LoadReport.Refused r : report.refused()) {
            String problems = r.problems().stream().map(ConfigProblem::toString).collect(Collectors.joining("\n"));
            String app = r.folder().startsWith("apps/") ? appName(r.folder().substring(5)) : null;
            publish(Notification.of(NotificationKind.CONFIG_REFUSED, app, null,
                    r.folder() + " refused at " + shortId(commit) + (r.keptPrevious()
                            ? ": the previous definition keeps running" : ": not loaded"), clock.instant())
                    .withText(problems).withFacts(Map.of("commit", commit, "file", r.problems().isEmpty() ? r.folder()
                            : r.problems().get(0).file())));
        }
    }

    /** A pin file that cannot be used: nothing is deployed for it. */
    public void pin(AppName app, String env, ConfigProblem problem, String commit) {
        publish(Notification.of(NotificationKind.CONFIG_REFUSED, app.value(), env,
                problem.file() + " refused at " + shortId(commit) + ": nothing deployed", clock.instant())
                .withText(problem.toString()).withFacts(Map.of("commit", commit, "file", problem.file())));
    }

    private void publish(Notification n) {
        LOG.warnf("%s\n%s", n.title(), n.text());
        try {
            outbox.publish(n);
        } catch (RuntimeException e) {
            LOG.errorf("config.refused notification not published (%s): %s", e.getMessage(), n.title());
        }
    }

    static String shortId(String commit) {
        return commit == null ? "?" : commit.substring(0, Math.min(12, commit.length()));
    }

    private static String appName(String folder) {
        try {
            return new AppName(folder).value();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
