package dev.berth.config;

import dev.berth.domain.EnvName;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * One environment of an app, in promotion order.
 *
 * @param promote          whether digests verified here move on to the next environment by themselves
 * @param approvalRequired deployments into this environment wait for {@code POST .../approve}
 * @param approvalExpiry   an approval request not answered within this time lapses (only with approval)
 * @param soak             time a verified digest must stay healthy here before it is promoted on ({@code 0s}: none)
 * @param gate             promotions into this environment wait for successful CI runs of the image's commit
 * @param drift            what to do when a host runs something berth did not deploy there
 * @param approvalDistinct the approval must come from another API identity than the promotion's (only with approval)
 */
public record EnvironmentSpec(EnvName name, List<HostSpec> hosts, List<CheckSpec> checks, VerifyPolicy verify,
        PromoteMode promote, boolean approvalRequired, Optional<Duration> approvalExpiry, Duration soak,
        RollbackPolicy rollback, Optional<CiGate> gate, DriftPolicy drift, boolean approvalDistinct) {

    /** An environment whose approval (if required) may come from the promoting identity too. */
    public EnvironmentSpec(EnvName name, List<HostSpec> hosts, List<CheckSpec> checks, VerifyPolicy verify,
            PromoteMode promote, boolean approvalRequired, Optional<Duration> approvalExpiry, Duration soak,
            RollbackPolicy rollback, Optional<CiGate> gate, DriftPolicy drift) {
        this(name, hosts, checks, verify, promote, approvalRequired, approvalExpiry, soak, rollback, gate, drift,
                false);
    }

    /** An environment without a CI gate. */
    public EnvironmentSpec(EnvName name, List<HostSpec> hosts, List<CheckSpec> checks, VerifyPolicy verify,
            PromoteMode promote, boolean approvalRequired, Optional<Duration> approvalExpiry, Duration soak,
            RollbackPolicy rollback, DriftPolicy drift) {
        this(name, hosts, checks, verify, promote, approvalRequired, approvalExpiry, soak, rollback, Optional.empty(),
                drift);
    }

    /** An environment that only reports drift ({@link DriftPolicy#DEFAULT}). */
    public EnvironmentSpec(EnvName name, List<HostSpec> hosts, List<CheckSpec> checks, VerifyPolicy verify,
            PromoteMode promote, boolean approvalRequired, Optional<Duration> approvalExpiry, Duration soak,
            RollbackPolicy rollback, Optional<CiGate> gate) {
        this(name, hosts, checks, verify, promote, approvalRequired, approvalExpiry, soak, rollback, gate,
                DriftPolicy.DEFAULT);
    }

    public EnvironmentSpec {
        if (name == null || verify == null || promote == null || approvalExpiry == null || soak == null
                || rollback == null || gate == null || drift == null) {
            throw new IllegalArgumentException("an environment needs a name and its policies");
        }
        hosts = List.copyOf(hosts);
        checks = List.copyOf(checks);
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("environment " + name + " needs at least one host");
        }
        var seen = new HashSet<String>();
        for (HostSpec h : hosts) {
            if (!seen.add(h.user() + "@" + h.address() + h.root())) {
                throw new IllegalArgumentException("host " + h.ssh() + " with root " + h.root() + " is listed twice");
            }
        }
        if (approvalDistinct && !approvalRequired) {
            throw new IllegalArgumentException("approval distinct needs approval required");
        }
        if (approvalExpiry.isPresent() && !approvalRequired) {
            throw new IllegalArgumentException("approvalExpiry needs approval: required");
        }
        approvalExpiry.ifPresent(d -> Durations.within("approvalExpiry", d, Duration.ofMinutes(1),
                Duration.ofDays(30)));
        Durations.within("soak", soak, Duration.ZERO, Duration.ofDays(7));
    }

    /** An environment that only reports drift ({@link DriftPolicy#DEFAULT}). */
    public EnvironmentSpec(EnvName name, List<HostSpec> hosts, List<CheckSpec> checks, VerifyPolicy verify,
            PromoteMode promote, boolean approvalRequired, Optional<Duration> approvalExpiry, Duration soak,
            RollbackPolicy rollback) {
        this(name, hosts, checks, verify, promote, approvalRequired, approvalExpiry, soak, rollback,
                DriftPolicy.DEFAULT);
    }
}
