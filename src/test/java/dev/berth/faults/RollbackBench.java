package dev.berth.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.testing.Poll;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Rollback benchmark, scenario 4 of issue 11 (bench/reconcile/run.sh; skipped unless {@code -Dberth.bench=true}):
 * berth as a real process, one app with staging and production on one OpenSSH host (real agent, podman-compose).
 * Each run deploys a new release to both (staging verifies, promotes automatically, production verifies), then
 * flips the health switch of both environments to failing at the same instant (the regression), and measures per
 * environment: regression → rollback started (the host agent's {@code rollback} call, timed by the counting wrapper)
 * and regression → rollback verified (the {@code finishedAt} of the {@code rollback:<id>} record berth writes after
 * re-verification). A measurement, not an assertion of speed; it does assert that both environments were rolled
 * back to the release before, every run.
 */
@EnabledIfSystemProperty(named = "berth.bench", matches = "true")
class RollbackBench {

    private static final int RUNS = Integer.getInteger("berth.bench.runs", 20);
    private static final List<String> ENVS = List.of("staging", "production");
    private static final Duration STEP = Duration.ofMinutes(4);

    @Test
    void bothEnvironmentsRegressAtOnceAndAreRolledBack() throws IOException {
        Map<String, List<Double>> started = new HashMap<>();
        Map<String, List<Double>> verified = new HashMap<>();
        try (FaultWorld w = new FaultWorld(ENVS, 2, Map.of())) {
            BerthProcess berth = w.berth("bench").start();
            w.relay.target(berth::url);
            // Every run rolls back to 1.0.0: the releases between are quarantined by their own rollback.
            Map<String, String> before = deployEverywhere(w, berth, "1.0.0");
            for (int run = 1; run <= RUNS; run++) {
                Map<String, String> now = deployEverywhere(w, berth, "1.0." + run);
                int callsBefore = w.agentCalls().size();
                long regression = epochNanos();
                ENVS.forEach(env -> w.health(env, "fail"));
                for (String env : ENVS) {
                    long rollbackAt = Poll.value(STEP, "the rollback of " + env + " to start", () -> w.agentCalls()
                            .stream().skip(callsBefore).filter(l -> l.contains(" rollback ")
                                    && (l + " ").contains("--env " + env + " ")).map(l -> Long.valueOf(l.split(" ", 2)[0]))
                            .findFirst().orElse(null));
                    w.health(env, "ok"); // the restored release is healthy: let its re-verification pass
                    started.computeIfAbsent(env, e -> new ArrayList<>()).add((rollbackAt - regression) / 1e6);
                }
                for (String env : ENVS) {
                    String failedRelease = now.get(env);
                    JsonNode record = Poll.value(STEP, "the rollback record of " + env, () -> w
                            .deployments(berth, env).stream()
                            .filter(d -> d.path("trigger").asText().startsWith("rollback:")
                                    && d.path("reason").asText().contains(failedRelease))
                            .findFirst().orElse(null));
                    assertEquals(before.get(env), record.path("releaseId").asText(), "rolled back to the release "
                            + "before in " + env);
                    assertEquals(Optional.of(before.get(env)), w.currentRelease(env), "the host runs it");
                    long done = toNanos(Instant.parse(record.path("finishedAt").asText()));
                    verified.computeIfAbsent(env, e -> new ArrayList<>()).add((done - regression) / 1e6);
                }
                System.out.println("[bench] run " + run + ": started " + last(started) + " ms, verified "
                        + last(verified) + " ms");
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add("runs: " + RUNS + " (both environments regress at the same instant each run)");
        for (String env : ENVS) {
            lines.add(env + ": regression -> rollback started p50 " + quantile(started.get(env), 0.5) + " ms, p99 "
                    + quantile(started.get(env), 0.99) + " ms; regression -> rollback verified p50 "
                    + quantile(verified.get(env), 0.5) + " ms, p99 " + quantile(verified.get(env), 0.99) + " ms");
        }
        List<Double> allStarted = new ArrayList<>();
        List<Double> allVerified = new ArrayList<>();
        started.values().forEach(allStarted::addAll);
        verified.values().forEach(allVerified::addAll);
        lines.add("both: regression -> rollback started p50 " + quantile(allStarted, 0.5) + " ms, p99 "
                + quantile(allStarted, 0.99) + " ms; regression -> rollback verified p50 " + quantile(allVerified, 0.5)
                + " ms, p99 " + quantile(allVerified, 0.99) + " ms");
        lines.forEach(l -> System.out.println("[bench] " + l));
        Files.write(Path.of("target", "reconcile-bench.txt"), lines, StandardCharsets.UTF_8);
    }

    /** Pushes {@code tag} and waits until both environments run it, verified; returns each one's release id. */
    private static Map<String, String> deployEverywhere(FaultWorld w, BerthProcess berth, String tag) {
        w.push(tag, "ok " + tag);
        Map<String, String> releases = new HashMap<>();
        for (String env : ENVS) {
            JsonNode done = Poll.value(STEP, tag + " verified in " + env, () -> w.deployments(berth, env).stream()
                    .filter(d -> tag.equals(d.path("tag").asText()) && FaultScenarios.terminal(d)).findFirst()
                    .orElse(null));
            assertEquals("succeeded", done.path("status").asText(), done.toString());
            releases.put(env, done.path("releaseId").asText());
        }
        return releases;
    }

    private static String last(Map<String, List<Double>> values) {
        return ENVS.stream().map(e -> e + " " + Math.round(values.get(e).get(values.get(e).size() - 1)))
                .reduce((a, b) -> a + ", " + b).orElse("");
    }

    /** Nearest-rank quantile, rounded to the millisecond. */
    static long quantile(List<Double> values, double q) {
        List<Double> sorted = values.stream().sorted().toList();
        int rank = (int) Math.ceil(q * sorted.size());
        return Math.round(sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1))));
    }

    private static long epochNanos() {
        return toNanos(Instant.now());
    }

    private static long toNanos(Instant i) {
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }
}
