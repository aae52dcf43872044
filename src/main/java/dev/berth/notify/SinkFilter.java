package dev.berth.notify;

import java.util.Set;

/**
 * Which notifications a sink wants. An empty set means "all".
 *
 * @param apps         app names
 * @param environments environment names
 * @param kinds        wire names ({@code deploy.failed}) or families ({@code deploy})
 * @param minSeverity  the least severity sent
 */
public record SinkFilter(Set<String> apps, Set<String> environments, Set<String> kinds, Severity minSeverity) {

    public SinkFilter {
        apps = Set.copyOf(apps);
        environments = Set.copyOf(environments);
        kinds = Set.copyOf(kinds);
        for (String k : kinds) {
            boolean known = false;
            for (NotificationKind kind : NotificationKind.values()) {
                known |= kind.wire().equals(k) || kind.family().equals(k);
            }
            if (!known) {
                NotificationKind.fromWire(k);
            }
        }
    }

    /** Lets everything through. */
    public static SinkFilter all() {
        return new SinkFilter(Set.of(), Set.of(), Set.of(), Severity.INFO);
    }

    public boolean matches(Notification n) {
        return n.severity().atLeast(minSeverity)
                && (apps.isEmpty() || apps.contains(n.app()))
                && (environments.isEmpty() || environments.contains(n.env()))
                && (kinds.isEmpty() || kinds.contains(n.kind().wire()) || kinds.contains(n.kind().family()));
    }
}
