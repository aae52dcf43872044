package dev.berth.webhook;

import dev.berth.events.Event;
import java.util.List;

/**
 * What a payload normalizer made of one delivery: the events to store, or the reason berth does not act on it.
 */
public record Normalized(List<Event> events, String ignoredReason) {

    public static Normalized of(Event event) {
        return new Normalized(List.of(event), null);
    }

    public static Normalized of(List<Event> events, String reasonWhenEmpty) {
        return events.isEmpty() ? ignored(reasonWhenEmpty) : new Normalized(List.copyOf(events), null);
    }

    public static Normalized ignored(String reason) {
        return new Normalized(List.of(), reason);
    }

    public boolean isIgnored() {
        return events.isEmpty();
    }
}
