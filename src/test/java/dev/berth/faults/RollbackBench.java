package dev.berth.faults;

import static org.junit.jupiter.api.Assertions.assertNotEquals;

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
 * back to another release and that the host runs it, every run.
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
            deployEverywhere(w, berth, "1.0.0");
            for (int run = 1; run <= RUNS; run++) {
                deployEverywhere(w, berth, "1.0." + run);
                Map<String, String> failed = new HashMap<>();
                ENVS.forEach(env -> failed.put(env, w.currentRelease(env).orElseThrow()));
                int callsBefore = w.agentCalls().size();
                Instant regressedAt = Instant.now();
                long regression = toNanos(regressedAt);
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
                    JsonNode record = Poll.value(STEP, "the rollback record of " + env, () -> w
                            .deployments(berth, env).stream()
                            .filter(d -> d.path("trigger").asText().startsWith("rollback:")
                                    && Instant.parse(d.path("createdAt").asText()).isAfter(regressedAt)
                                    // the rollback record is created running and ends once re-verified
                                    && "succeeded".equals(d.path("status").asText()))
                            .findFirst().orElse(null));
                    assertNotEquals(failed.get(env), record.path("releaseId").asText(), "rolled back in " + env);
                    Poll.until(STEP, env + " on the host to run the restored release " + record.path("releaseId"),
                            () -> w.currentRelease(env).orElse("").equals(record.path("releaseId").asText()));
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

    /**
     * Pushes {@code tag} and waits until both environments are quiet (every deployment record ended) and run it: the
     * newest succeeded record is of {@code tag} and the host's {@code current} is its release.
     */
    private static void deployEverywhere(FaultWorld w, BerthProcess berth, String tag) {
        w.push(tag, "ok " + tag);
        for (int attempt = 1; w.deploymentOf(berth, tag).isEmpty(); attempt++) {
            try {
                Poll.until(Duration.ofSeconds(30), "a deployment of " + tag, () -> w.deploymentOf(berth, tag)
                        .isPresent());
            } catch (AssertionError e) {
                // Seen on the code before issue 11: the registry's notification arrives before the tag resolves,
                // and berth drops the push ("registry has no manifest"). Push again; the benchmark is about rollbacks.
                if (attempt == 3) {
                    throw e;
                }
                System.out.println("[bench] " + tag + " was not deployed after its push; pushing it again");
                w.push(tag, "ok " + tag);
            }
        }
        for (String env : ENVS) {
            Poll.until(STEP, tag + " verified and running in " + env, () -> {
                List<JsonNode> records = w.deployments(berth, env);
                Optional<JsonNode> newestGood = records.stream()
                        .filter(d -> d.path("status").asText().equals("succeeded")).findFirst();
                return records.stream().allMatch(FaultScenarios::terminal) && newestGood.isPresent()
                        && tag.equals(newestGood.get().path("tag").asText())
                        && w.currentRelease(env).orElse("").equals(newestGood.get().path("releaseId").asText());
            });
        }
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

    private static long toNanos(Instant i) {
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }
}
