package dev.berth.poll;

import dev.berth.config.AppCatalog;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Poll benchmark (bench/poll/run.sh; skipped unless {@code -Dberth.bench=true}): 1,000 polled repositories on one
 * real Distribution registry, polled by the real scheduler, lanes and Redis lease for several intervals. Prints
 * requests per minute to the registry, polls per interval, berth's CPU and the registry's. A measurement, not an
 * assertion of speed.
 */
@QuarkusTest
@QuarkusTestResource(dev.berth.testing.RedisResource.class)
@QuarkusTestResource(value = PollBenchStack.class, restrictToAnnotatedClass = true)
@EnabledIfSystemProperty(named = "berth.bench", matches = "true")
class PollBench {

    private static final int WARMUP = Integer.getInteger("berth.bench.warmup-intervals", 1);
    private static final int MEASURED = Integer.getInteger("berth.bench.intervals", 3);

    @Inject
    AppCatalog catalog;
    @Inject
    MeterRegistry registry;

    @Test
    void pollAThousandRepositories() throws IOException {
        Duration interval = catalog.all().get(0).poll().orElseThrow();
        park(interval.multipliedBy(WARMUP).plusSeconds(3));
        Sample start = sample();
        park(interval.multipliedBy(MEASURED));
        Sample stop = sample();

        double seconds = (stop.nanos - start.nanos) / 1e9;
        double requests = stop.requests - start.requests;
        double berthCpu = (stop.processCpu - start.processCpu) / 1e9;
        double registryCpu = (stop.registryCpuTicks - start.registryCpuTicks) / 100.0;
        List<String> lines = List.of(
                "repositories polled: " + catalog.all().size() + " (half semver: tag list + HEAD, half a floating tag:"
                        + " HEAD), interval " + interval.toSeconds() + " s, " + MEASURED + " intervals measured ("
                        + "%.1f".formatted(seconds) + " s) after " + WARMUP + " warm-up",
                "requests to the registry: " + (long) requests + " = " + "%.0f".formatted(requests / seconds * 60)
                        + " per minute (" + "%.2f".formatted(requests / seconds * interval.toSeconds()
                        / catalog.all().size()) + " per repository per interval); scaled to a 5-minute interval: "
                        + "%.0f".formatted(requests / seconds * 60 * interval.toSeconds() / 300.0) + " per minute",
                "polls found nothing new (conditional HEADs answered 304): "
                        + (long) (stop.notModified - start.notModified) + " of the requests",
                "berth CPU (whole test JVM): " + "%.2f".formatted(berthCpu) + " s in " + "%.1f".formatted(seconds)
                        + " s = " + "%.1f".formatted(100 * berthCpu / seconds) + " % of one core; docker-registry: "
                        + "%.1f".formatted(100 * registryCpu / seconds) + " % of one core",
                "heap used now: " + ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1 << 20)
                        + " MiB, live threads: " + ManagementFactory.getThreadMXBean().getThreadCount());
        lines.forEach(l -> System.out.println("[bench] " + l));
        Files.write(Path.of("target", "poll-bench.txt"), lines, StandardCharsets.UTF_8);
    }

    private record Sample(long nanos, double requests, double notModified, long processCpu, long registryCpuTicks) {
    }

    private Sample sample() throws IOException {
        double requests = registry.find("berth.poll.requests").counters().stream().mapToDouble(c -> c.count()).sum();
        double notModified = registry.find("berth.poll.requests").tag("status", "3xx-304").counters().stream()
                .mapToDouble(c -> c.count()).sum();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return new Sample(System.nanoTime(), requests, notModified, os.getProcessCpuTime(), registryTicks());
    }

    /** utime + stime of the docker-registry process, in clock ticks (100 per second on Linux). */
    private static long registryTicks() throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(PollBenchStack.registry.pid()), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** A benchmark measures over wall-clock intervals: it waits for them on purpose. */
    private static void park(Duration d) {
        long end = System.nanoTime() + d.toNanos();
        while (System.nanoTime() < end) {
            LockSupport.parkNanos(end - System.nanoTime());
        }
    }
}
