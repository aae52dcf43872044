package dev.berth.promote;

import dev.berth.config.AppCatalog;
import dev.berth.config.AppDefinition;
import dev.berth.deploy.Deployment;
import dev.berth.deploy.DeploymentStore;
import dev.berth.testing.RedisResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Guard benchmark (bench/guard/run.sh; skipped unless {@code -Dberth.bench=true}): thousands of environments, each
 * with a direct HTTP check against real loopback servers, guarded by the real scheduler and Redis for several
 * intervals. Prints checks per interval, checks/s, round latency quantiles, berth's CPU and heap. Not an assertion
 * of speed: a measurement.
 */
@QuarkusTest
@QuarkusTestResource(RedisResource.class)
@QuarkusTestResource(value = GuardBenchStack.class, restrictToAnnotatedClass = true)
@EnabledIfSystemProperty(named = "berth.bench", matches = "true")
class GuardBench {

    private static final int WARMUP = Integer.getInteger("berth.bench.warmup-intervals", 3);
    private static final int MEASURED = Integer.getInteger("berth.bench.intervals", 10);

    @Inject
    AppCatalog catalog;
    @Inject
    DeploymentStore store;
    @Inject
    EnvironmentRecords records;
    @Inject
    MeterRegistry registry;

    @Test
    void guardThousandsOfEnvironments() throws IOException {
        List<AppDefinition> apps = catalog.all();
        Instant now = Instant.now();
        for (AppDefinition app : apps) {
            Deployment d = Seed.deployment(app, app.first(), Seed.digest(), now);
            store.save(d);
            records.markGood(d, now);
        }
        Duration interval = apps.get(0).first().verify().interval();
        park(interval.multipliedBy(WARMUP));

        Sample start = sample();
        List<Long> heap = new ArrayList<>();
        long end = System.nanoTime() + interval.multipliedBy(MEASURED).toNanos();
        while (System.nanoTime() < end) {
            park(Duration.ofMillis(500));
            heap.add(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        Sample stop = sample();
        System.gc();
        MemoryUsage after = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();

        double seconds = (stop.nanos - start.nanos) / 1e9;
        double checks = stop.checks - start.checks;
        Map<String, Long> startPaths = start.perPath;
        long minPerTarget = stop.perPath.entrySet().stream()
                .mapToLong(e -> e.getValue() - startPaths.getOrDefault(e.getKey(), 0L)).min().orElse(0);
        long targetsSeen = stop.perPath.entrySet().stream()
                .filter(e -> e.getValue() > startPaths.getOrDefault(e.getKey(), 0L)).count();
        Timer rounds = registry.get("berth.guard.round").timer();
        double p50 = 0;
        double p99 = 0;
        for (ValueAtPercentile v : rounds.takeSnapshot().percentileValues()) {
            if (v.percentile() == 0.5) {
                p50 = v.value(TimeUnit.MILLISECONDS);
            } else if (v.percentile() == 0.99) {
                p99 = v.value(TimeUnit.MILLISECONDS);
            }
        }
        double berthCpu = (stop.processCpu - start.processCpu - (stop.serverCpu - start.serverCpu)) / 1e9;
        List<String> lines = List.of(
                "environments (targets): " + apps.size() + " on " + GuardBenchStack.SERVERS + " servers, interval "
                        + interval.toMillis() + " ms, " + MEASURED + " intervals measured (" + "%.1f".formatted(seconds)
                        + " s) after " + WARMUP + " warm-up",
                "checks: " + (long) checks + ", per interval: " + "%.0f".formatted(checks / seconds
                        * interval.toMillis() / 1000.0) + " (" + "%.1f".formatted(100.0 * checks / seconds
                        * interval.toMillis() / 1000.0 / apps.size()) + " % of targets), checks/s: "
                        + "%.0f".formatted(checks / seconds),
                "targets checked in the window: " + targetsSeen + ", fewest checks of one target: " + minPerTarget
                        + " (of " + MEASURED + " intervals)",
                "guard round (one environment's checks): p50 " + "%.2f".formatted(p50) + " ms, p99 "
                        + "%.2f".formatted(p99) + " ms (whole run)",
                "berth CPU (JVM minus the HTTP servers' threads): " + "%.2f".formatted(berthCpu) + " s in "
                        + "%.1f".formatted(seconds) + " s = " + "%.0f".formatted(100 * berthCpu / seconds)
                        + " % of one core; redis-server: " + "%.0f".formatted(100 * (stop.redisCpu - start.redisCpu)
                        / seconds) + " % of one core",
                "heap used: peak sampled " + heap.stream().mapToLong(Long::longValue).max().orElse(0) / (1 << 20)
                        + " MiB, after GC " + after.getUsed() / (1 << 20) + " MiB (whole test JVM, with "
                        + apps.size() + " app definitions)",
                "live threads: " + ManagementFactory.getThreadMXBean().getThreadCount());
        lines.forEach(l -> System.out.println("[bench] " + l));
        Files.write(Path.of("target", "guard-bench.txt"), lines, StandardCharsets.UTF_8);
    }

    private record Sample(long nanos, double checks, Map<String, Long> perPath, long processCpu, long serverCpu,
            double redisCpu) {
    }

    private Sample sample() throws IOException {
        double checks = registry.find("berth.checks").tag("phase", "guard").counters().stream()
                .mapToDouble(c -> c.count()).sum();
        Map<String, Long> perPath = new java.util.HashMap<>();
        GuardBenchStack.servers.forEach(s -> perPath.putAll(s.perPath()));
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        var threads = ManagementFactory.getThreadMXBean();
        long serverCpu = 0;
        for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && (info.getThreadName().startsWith("health-server-")
                    || info.getThreadName().startsWith("HTTP-Dispatcher"))) {
                serverCpu += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return new Sample(System.nanoTime(), checks, perPath, os.getProcessCpuTime(), serverCpu, redisCpu());
    }

    private static double redisCpu() throws IOException {
        Process p = new ProcessBuilder("redis-cli", "-p", Integer.toString(RedisResource.server().port()), "INFO",
                "cpu").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        double total = 0;
        for (String line : out.split("\r?\n")) {
            if (line.startsWith("used_cpu_user:") || line.startsWith("used_cpu_sys:")) {
                total += Double.parseDouble(line.substring(line.indexOf(':') + 1).strip());
            }
        }
        return total;
    }

    /** A benchmark measures over wall-clock intervals: it waits for them on purpose. */
    private static void park(Duration d) {
        long end = System.nanoTime() + d.toNanos();
        while (System.nanoTime() < end) {
            LockSupport.parkNanos(end - System.nanoTime());
        }
    }
}
