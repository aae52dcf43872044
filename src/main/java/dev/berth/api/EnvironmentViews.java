package dev.berth.api;

import dev.berth.config.AppDefinition;
import dev.berth.config.EnvironmentSpec;
import dev.berth.config.HostSpec;
import dev.berth.deploy.DeploymentStore;
import dev.berth.domain.DeploymentId;
import dev.berth.promote.CheckHistory;
import dev.berth.promote.EnvironmentRecords;
import dev.berth.reconcile.EnvStatus;
import dev.berth.reconcile.EnvStatusStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds the API's view of one environment from its status record (docs/api.md). */
@ApplicationScoped
public class EnvironmentViews {

    private final DeploymentStore store;
    private final EnvironmentRecords records;
    private final CheckHistory history;
    private final EnvStatusStore statuses;

    public EnvironmentViews(DeploymentStore store, EnvironmentRecords records, CheckHistory history,
            EnvStatusStore statuses) {
        this.store = store;
        this.records = records;
        this.history = history;
        this.statuses = statuses;
    }

    /**
     * One environment: what runs (the status record's current deployment), the newest deployment, the last
     * known-good, a promotion waiting for approval, the guard's health, recent checks, and {@code status}: the record.
     */
    public record EnvironmentView(String name, List<String> hosts, String promote, boolean approvalRequired,
            DeploymentView current, DeploymentView latest, Map<String, String> knownGood,
            Map<String, String> waitingApproval, String health, List<Map<String, String>> recentChecks,
            Map<String, Object> status) {
    }

    public EnvironmentView view(AppDefinition app, EnvironmentSpec env) {
        EnvStatus s = statuses.read(app.name(), env.name());
        DeploymentView current = Optional.ofNullable(s.current())
                .flatMap(c -> store.find(new DeploymentId(c.deployment()))).map(DeploymentView::of).orElse(null);
        DeploymentView latest = store.list(Optional.of(app.name()), Optional.of(env.name()), 1).stream().findFirst()
                .map(DeploymentView::of).orElse(null);
        Map<String, String> good = records.knownGood(app.name(), env.name()).map(g -> {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("deployment", g.deployment().value());
            m.put("digest", g.digest().value());
            m.put("release", g.release());
            m.put("verifiedAt", g.at().toString());
            return m;
        }).orElse(null);
        Map<String, String> waiting = records.approval(app.name(), env.name()).map(a -> {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("digest", a.digest().value());
            m.put("requestedAt", a.requestedAt().toString());
            m.put("expiresAt", a.expiresAt() == null ? "" : a.expiresAt().toString());
            return m;
        }).orElse(null);
        return new EnvironmentView(env.name().value(), env.hosts().stream().map(HostSpec::ssh).toList(),
                env.promote().name().toLowerCase(), env.approvalRequired(), current, latest, good, waiting,
                history.health(app.name(), env.name()).orElse(current == null ? "none" : "unknown"),
                history.recent(app.name(), env.name()), status(s, env));
    }

    /** The {@code status} object: the shared contract of docs/api.md. */
    static Map<String, Object> status(EnvStatus s, EnvironmentSpec env) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("phase", s.phase().wire());
        Map<String, Object> desired = null;
        if (s.desired() != null) {
            desired = new LinkedHashMap<>();
            desired.put("digest", s.desired().digest());
            desired.put("tag", s.desired().tag());
            desired.put("releaseId", s.desired().releaseId());
            desired.put("reason", s.desired().reason());
        }
        m.put("desired", desired);
        List<Map<String, Object>> hosts = new ArrayList<>();
        for (HostSpec h : env.hosts()) {
            Optional<EnvStatus.HostState> seen = s.hosts().stream().filter(x -> x.host().equals(h.ssh())).findFirst();
            Map<String, Object> host = new LinkedHashMap<>();
            host.put("host", h.ssh());
            host.put("observedRelease", seen.map(EnvStatus.HostState::observedRelease).orElse(null));
            host.put("error", seen.map(EnvStatus.HostState::error).orElse(null));
            hosts.add(host);
        }
        m.put("hosts", hosts);
        Map<String, Object> good = null;
        if (s.knownGood() != null) {
            good = new LinkedHashMap<>();
            good.put("digest", s.knownGood().digest());
            good.put("releaseId", s.knownGood().releaseId());
        }
        m.put("knownGood", good);
        m.put("quarantined", s.quarantined());
        m.put("attempts", s.attempts());
        m.put("lastError", s.lastError());
        m.put("nextRetryAt", s.nextRetryAt() == null ? null : s.nextRetryAt().toString());
        m.put("version", s.version());
        return m;
    }
}
