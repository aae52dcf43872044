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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Tells people that configuration from the state repository was refused: a {@code config.refused} notification per
 * refused app folder or pin file, once per distinct refusal (a later unrelated commit does not repeat it).
 */
@ApplicationScoped
public class Refusals {

    private static final Logger LOG = Logger.getLogger(Refusals.class);

    private final NotificationOutbox outbox;
    private final Clock clock;
    /** What was last told per refused file or folder, so an unchanged refusal is told once, not on every commit. */
    private final Map<String, String> told = new ConcurrentHashMap<>();

    public Refusals(NotificationOutbox outbox, Clock clock) {
        this.outbox = outbox;
        this.clock = clock;
    }

    /** One notification per refused app folder of a catalog reload at {@code commit}. */
    public void apps(LoadReport report, String commit) {
        Set<String> refused = report.refused().stream().map(LoadReport.Refused::folder).collect(Collectors.toSet());
        told.keySet().removeIf(k -> k.startsWith("apps") && !refused.contains(k));
        for (LoadReport.Refused r : report.refused()) {
            String problems = r.problems().stream().map(ConfigProblem::toString).collect(Collectors.joining("\n"));
            if (problems.equals(told.put(r.folder(), problems))) {
                continue;
            }
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
        if (problem.toString().equals(told.put(problem.file(), problem.toString()))) {
            return;
        }
        publish(Notification.of(NotificationKind.CONFIG_REFUSED, app.value(), env,
                problem.file() + " refused at " + shortId(commit) + ": nothing deployed", clock.instant())
                .withText(problem.toString()).withFacts(Map.of("commit", commit, "file", problem.file())));
    }

    /** A pin file that parsed: a later refusal of it is news again. */
    public void pinAccepted(String file) {
        told.remove(file);
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
