package dev.berth.config;

import dev.berth.domain.EnvName;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/** Reads one entry of {@code environments:} with its hosts, checks and policies. */
final class EnvironmentReader {

    static final List<String> KEYS = List.of("name", "hosts", "checks", "verify", "promote", "approval",
            "approvalExpiry", "soak", "rollback", "gate", "drift");
    static final List<String> HOST_KEYS = List.of("ssh", "hostKey", "root");
    static final List<String> VERIFY_KEYS = List.of("interval", "passes", "failures", "window");
    static final List<String> ROLLBACK_KEYS = List.of("window", "failures");
    static final List<String> GATE_KEYS = List.of("ci");
    static final List<String> CI_KEYS = List.of("repository", "workflows");
    static final List<String> DRIFT_KEYS = List.of("selfHeal");

    private EnvironmentReader() {
    }

    static Optional<EnvironmentSpec> read(YamlMap env) {
        int before = env.problems().count();
        env.allow(KEYS);
        env.require("name");
        Optional<EnvName> name = env.parsed("name", EnvName::new);
        List<HostSpec> hosts = new ArrayList<>();
        if (env.require("hosts")) {
            env.list("hosts").ifPresent(items -> {
                if (items.isEmpty()) {
                    env.problems().add(env.value("hosts").orElseThrow(), env.child("hosts"), "needs at least one host");
                }
                each(items, env.child("hosts"), env.problems(), m -> host(m).ifPresent(hosts::add));
            });
        }
        List<CheckSpec> checks = new ArrayList<>();
        if (env.has("checks")) {
            env.list("checks").ifPresent(items ->
                    each(items, env.child("checks"), env.problems(), m -> CheckReader.read(m).ifPresent(checks::add)));
        } else {
            checks.add(new ComposeCheck());
        }
        VerifyPolicy verify = env.map("verify").flatMap(EnvironmentReader::verify).orElse(VerifyPolicy.DEFAULT);
        PromoteMode promote = env.parsed("promote", Nodes.oneOf(List.of("auto", "manual")), "manual").equals("auto")
                ? PromoteMode.AUTO : PromoteMode.MANUAL;
        ApprovalPolicy approvalPolicy = approval(env);
        boolean approval = approvalPolicy.required();
        boolean distinct = approvalPolicy.distinct();
        Optional<Duration> expiry = env.parsed("approvalExpiry", Durations::parse);
        if (expiry.isPresent() && !approval) {
            env.problems().add(env.keyNode("approvalExpiry"), env.child("approvalExpiry"), "needs approval: required");
            expiry = Optional.empty();
        }
        Duration soak = env.parsed("soak", Durations::parse, Duration.ZERO);
        RollbackPolicy rollback = env.map("rollback").flatMap(EnvironmentReader::rollback)
                .orElse(RollbackPolicy.DEFAULT);
        DriftPolicy drift = env.map("drift").flatMap(EnvironmentReader::drift).orElse(DriftPolicy.DEFAULT);
        Optional<Duration> approvalExpiry = expiry;
        Optional<CiGate> gate = env.map("gate").flatMap(EnvironmentReader::gate);
        return name.flatMap(n -> env.build(before, () -> new EnvironmentSpec(n, hosts, checks, verify, promote,
                approval, approvalExpiry, soak, rollback, gate, drift, distinct)));
    }

    private static Optional<HostSpec> host(YamlMap host) {
        int before = host.problems().count();
        host.allow(HOST_KEYS);
        host.require("ssh");
        Optional<String> ssh = host.parsed("ssh", text -> HostSpec.parse(text, null, null).ssh());
        Optional<String> key = host.parsed("hostKey", HostSpec::checkHostKey);
        Optional<String> root = host.parsed("root", HostSpec::checkRoot);
        return ssh.flatMap(s -> host.build(before, () -> HostSpec.parse(s, key.orElse(null), root.orElse(null))));
    }

    private static Optional<VerifyPolicy> verify(YamlMap verify) {
        int before = verify.problems().count();
        verify.allow(VERIFY_KEYS);
        VerifyPolicy d = VerifyPolicy.DEFAULT;
        Duration interval = verify.parsed("interval", Durations::parse, d.interval());
        int passes = verify.parsed("passes", Nodes.integer(1, 100), d.passes());
        int failures = verify.parsed("failures", Nodes.integer(1, 100), d.failures());
        Duration window = verify.parsed("window", Durations::parse, d.window());
        return verify.build(before, () -> new VerifyPolicy(interval, passes, failures, window));
    }

    private static Optional<RollbackPolicy> rollback(YamlMap rollback) {
        int before = rollback.problems().count();
        rollback.allow(ROLLBACK_KEYS);
        RollbackPolicy d = RollbackPolicy.DEFAULT;
        Duration window = rollback.parsed("window", Durations::parse, d.window());
        int failures = rollback.parsed("failures", Nodes.integer(1, 100), d.failures());
        return rollback.build(before, () -> new RollbackPolicy(window, failures));
    }

    /** {@code gate: { ci: { repository: owner/name, workflows: [build, test] } }}. */
    private static Optional<CiGate> gate(YamlMap gate) {
        gate.allow(GATE_KEYS);
        gate.require("ci");
        return gate.map("ci").flatMap(ci -> {
            int before = ci.problems().count();
            ci.allow(CI_KEYS);
            ci.require("repository");
            Optional<String> repository = ci.parsed("repository", CiGate::checkRepository);
            List<String> workflows = new ArrayList<>();
            ci.list("workflows").ifPresent(items -> {
                if (items.isEmpty()) {
                    ci.problems().add(ci.value("workflows").orElseThrow(), ci.child("workflows"),
                            "lists no workflow: name at least one, or leave the key out (any successful run)");
                }
                for (int i = 0; i < items.size(); i++) {
                    Node item = items.get(i);
                    String path = ci.child("workflows") + "[" + i + "]";
                    Nodes.parsed(item, path, ci.problems(), CiGate::checkWorkflow).ifPresent(w -> {
                        if (workflows.contains(w)) {
                            ci.problems().add(item, path, "workflow '" + w + "' is listed twice");
                        } else {
                            workflows.add(w);
                        }
                    });
                }
            });
            return repository.flatMap(r -> ci.build(before, () -> new CiGate(r, workflows)));
        });
    }

    /** {@code drift: { selfHeal: true }}. */
    private record ApprovalPolicy(boolean required, boolean distinct) {
    }

    static final List<String> APPROVAL_KEYS = List.of("required", "distinct");

    /**
     * {@code approval: required|none}, or {@code approval: { required: true, distinct: true }} (distinct: another
     * API identity than the promoting one must approve).
     */
    private static ApprovalPolicy approval(YamlMap env) {
        Optional<Node> node = env.value("approval");
        if (node.isPresent() && node.get() instanceof MappingNode) {
            return env.map("approval").map(a -> {
                a.allow(APPROVAL_KEYS);
                boolean required = a.parsed("required", Nodes.oneOf(List.of("true", "false")), "false").equals("true");
                boolean distinct = a.parsed("distinct", Nodes.oneOf(List.of("true", "false")), "false").equals("true");
                if (distinct && !required) {
                    a.problems().add(a.keyNode("distinct"), a.child("distinct"), "needs required: true");
                    distinct = false;
                }
                return new ApprovalPolicy(required, distinct);
            }).orElse(new ApprovalPolicy(false, false));
        }
        boolean required = env.parsed("approval", Nodes.oneOf(List.of("required", "none")), "none").equals("required");
        return new ApprovalPolicy(required, false);
    }

    private static Optional<DriftPolicy> drift(YamlMap drift) {
        int before = drift.problems().count();
        drift.allow(DRIFT_KEYS);
        boolean selfHeal = drift.parsed("selfHeal", Nodes.oneOf(List.of("true", "false")), "false").equals("true");
        return drift.build(before, () -> new DriftPolicy(selfHeal));
    }

    /** Reads each list item as a mapping with path {@code path[i]}. */
    static void each(List<Node> items, String path, Problems problems, java.util.function.Consumer<YamlMap> reader) {
        for (int i = 0; i < items.size(); i++) {
            YamlMap.of(items.get(i), path + "[" + i + "]", problems).ifPresent(reader);
        }
    }
}
