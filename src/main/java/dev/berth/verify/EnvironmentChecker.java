package dev.berth.verify;

import dev.berth.config.AppDefinition;
import dev.berth.config.CheckSpec;
import dev.berth.config.ComposeCheck;
import dev.berth.config.EnvironmentSpec;
import dev.berth.config.HostSpec;
import dev.berth.config.HttpCheck;
import dev.berth.domain.Printable;
import dev.berth.host.AgentCommands;
import dev.berth.host.AgentInstaller;
import dev.berth.host.HostTarget;
import dev.berth.host.HostTransport;
import dev.berth.host.HostTransportException;
import dev.berth.work.ManagedExecutors;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Runs one round of an environment's smoke checks and folds them into one {@link CheckResult}: {@code via: direct}
 * HTTP checks once from berth, {@code via: host} HTTP checks and {@code compose: running} once per host through the
 * host agent. The round passes when every probe passes; it fails naming the first failing probe (in the order of
 * {@code checks:}, then {@code hosts:}) and what it saw; it is a checker error when no probe failed but berth could
 * not run at least one (host unreachable, host key refused, agent broken). Probes run on bounded worker threads
 * (docs/verification.md). Blocking: call from a worker thread.
 */
@ApplicationScoped
public class EnvironmentChecker {

    private static final Logger LOG = Logger.getLogger(EnvironmentChecker.class);

    private final HostProbes hostProbes;
    private final DirectHttpProbe direct;
    private final CheckPool pool;
    private final Clock clock;

    @Inject
    public EnvironmentChecker(HostTransport transport, AgentInstaller agents, VerifyConfig config, Clock clock,
            ManagedExecutors executors) {
        this.hostProbes = new HostProbes(transport, agents.commands());
        this.direct = new DirectHttpProbe(DirectHttpProbe.defaultClient());
        this.pool = new CheckPool(config.maxConcurrentChecks(), config.maxConcurrentChecksPerEnvironment(),
                threads -> executors.pool("check", threads, threads));
        this.clock = clock;
    }

    /** Wires the checker by hand (tests, tools): {@code client} is used for {@code via: direct} checks. */
    public EnvironmentChecker(HostTransport transport, AgentCommands agent, VerifyConfig config, Clock clock,
            HttpClient client) {
        this.hostProbes = new HostProbes(transport, agent);
        this.direct = new DirectHttpProbe(client);
        this.pool = new CheckPool(config.maxConcurrentChecks(), config.maxConcurrentChecksPerEnvironment());
        this.clock = clock;
    }

    /** One probe: a check, where it runs ({@code null}: from berth), and what it does (empty: passed). */
    private record Probe(CheckSpec check, String where, Supplier<Optional<String>> run) {

        String label() {
            String what = check instanceof HttpCheck http ? http.method() + " " + http.url() : check.describe();
            return where == null ? what : what + " on " + where;
        }
    }

    /** Runs every check of {@code env} of {@code app} once and folds the results (see the class comment). */
    public CheckResult check(AppDefinition app, EnvironmentSpec env) {
        List<Probe> probes = probes(app, env);
        List<CheckResult> results;
        try {
            results = pool.runAll(probes.stream().<Supplier<CheckResult>>map(p -> () -> run(p)).toList(),
                    e -> CheckResult.checkerError("berth", "unexpected " + e, clock.instant()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CheckResult.checkerError("berth", "interrupted before the checks of " + app.name() + "/"
                    + env.name() + " finished", clock.instant());
        }
        CheckResult folded = fold(results);
        if (folded.verdict() != CheckResult.Verdict.PASS) {
            LOG.debugf("%s/%s: %s %s", app.name(), env.name(), folded.verdict(), folded.detail());
        }
        return new CheckResult(folded.verdict(), folded.check(), folded.detail(), clock.instant());
    }

    /** The first failure in probe order; else the first checker error; else a pass. */
    static CheckResult fold(List<CheckResult> results) {
        Optional<CheckResult> fail = results.stream().filter(r -> r.verdict() == CheckResult.Verdict.FAIL)
                .findFirst();
        return fail.or(() -> results.stream().filter(r -> r.verdict() == CheckResult.Verdict.CHECKER_ERROR)
                .findFirst()).orElseGet(() -> CheckResult.pass(null));
    }

    private List<Probe> probes(AppDefinition app, EnvironmentSpec env) {
        List<Probe> probes = new ArrayList<>();
        for (CheckSpec check : env.checks()) {
            if (check instanceof HttpCheck http && http.via() == HttpCheck.Via.DIRECT) {
                probes.add(new Probe(check, null, () -> direct.run(http)));
                continue;
            }
            for (HostSpec host : env.hosts()) {
                if (check instanceof HttpCheck http) {
                    probes.add(new Probe(check, host.ssh(), () -> hostProbes.http(http, target(host))));
                } else if (check instanceof ComposeCheck) {
                    probes.add(new Probe(check, host.ssh(), () -> hostProbes.compose(app.name(), env.name(),
                            app.services(), target(host), host.root())));
                }
            }
        }
        return probes;
    }

    private CheckResult run(Probe probe) {
        try {
            Optional<String> failure = probe.run().get();
            return failure.map(d -> CheckResult.fail(probe.check().describe(), probe.label() + ": " + d, null))
                    .orElseGet(() -> CheckResult.pass(null));
        } catch (HostTransportException | CheckerError e) {
            return CheckResult.checkerError(probe.check().describe(), probe.label() + ": " + e.getMessage(), null);
        } catch (RuntimeException e) {
            LOG.warnf("%s: unexpected %s", probe.label(), e.toString());
            return CheckResult.checkerError(probe.check().describe(), probe.label() + ": " + e.getClass()
                    .getSimpleName() + ": " + Printable.clip(e.getMessage()), null);
        }
    }

    private static HostTarget target(HostSpec host) {
        return host.target();
    }

    @PreDestroy
    void close() {
        pool.close();
    }
}
