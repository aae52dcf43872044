package dev.berth.gitops;

import dev.berth.notify.Notification;
import dev.berth.notify.NotificationKind;
import dev.berth.notify.NotificationOutbox;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Tells people that the review gate held a commit back: a {@code config.unreviewed} notification once per commit,
 * {@code berth_state_review_refused_total{mode}} counting such commits and {@code berth_state_review_waiting} (1
 * while the head of the state repository is held back, 0 once a commit is applied).
 */
@ApplicationScoped
public class Unreviewed {

    private static final Logger LOG = Logger.getLogger(Unreviewed.class);

    private final NotificationOutbox outbox;
    private final Clock clock;
    private final MeterRegistry registry;
    private final AtomicInteger waiting = new AtomicInteger();
    /** The last commit told about, so a commit is told once however often it is pulled. */
    private volatile String told;

    public Unreviewed(NotificationOutbox outbox, Clock clock, MeterRegistry registry) {
        this.outbox = outbox;
        this.clock = clock;
        this.registry = registry;
        Gauge.builder("berth.state.review.waiting", waiting, AtomicInteger::get)
                .description("1 while the head of the state repository is held back by the review gate")
                .register(registry);
    }

    /** The gate refused {@code verdict.commit()}; {@code applied} keeps running (null: nothing applied yet). */
    public void refused(ReviewGate.Verdict verdict, ReviewMode mode, String applied) {
        waiting.set(1);
        if (verdict.commit().equals(told)) {
            return;
        }
        told = verdict.commit();
        Counter.builder("berth.state.review.refused").description("State repository commits held back by review")
                .tag("mode", mode.wire()).register(registry).increment();
        String keeps = applied == null ? "nothing from the state repository is applied yet"
                : "commit " + Refusals.shortId(applied) + " keeps running";
        Notification n = Notification.of(NotificationKind.CONFIG_UNREVIEWED, null, null,
                "State repository commit " + Refusals.shortId(verdict.commit()) + " not applied (review " + mode.wire()
                        + "): " + keeps, clock.instant())
                .withText(verdict.refusal().orElse(""))
                .withFacts(Map.of("commit", verdict.commit(), "review", mode.wire(),
                        "applied", applied == null ? "none" : applied));
        LOG.warnf("%s\n%s", n.title(), n.text());
        try {
            outbox.publish(n);
        } catch (RuntimeException e) {
            LOG.errorf("config.unreviewed notification not published (%s): %s", e.getMessage(), n.title());
        }
    }

    /** A commit passed the gate and was applied. */
    public void applied() {
        waiting.set(0);
    }
}
