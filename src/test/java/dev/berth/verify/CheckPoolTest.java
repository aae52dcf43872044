package dev.berth.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Limits of the probe pool: results in task order, at most the per-call and the global limit in flight. */
class CheckPoolTest {

    @Test
    void runsUpToThePerCallLimitAtOnceAndKeepsOrder() throws Exception {
        AtomicInteger current = new AtomicInteger();
        AtomicInteger max = new AtomicInteger();
        CyclicBarrier pairs = new CyclicBarrier(2);
        List<Supplier<String>> tasks = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            int n = i;
            tasks.add(() -> {
                max.accumulateAndGet(current.incrementAndGet(), Math::max);
                try {
                    pairs.await(30, TimeUnit.SECONDS); // only passes when two tasks run at the same time
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                } finally {
                    current.decrementAndGet();
                }
                return "task " + n;
            });
        }
        try (CheckPool pool = new CheckPool(8, 2)) {
            List<String> results = pool.runAll(tasks, e -> "error " + e);
            assertEquals(20, results.size());
            for (int i = 0; i < 20; i++) {
                assertEquals("task " + i, results.get(i));
            }
        }
        assertEquals(2, max.get());
    }

    @Test
    void theGlobalLimitCapsEveryCaller() throws Exception {
        AtomicInteger current = new AtomicInteger();
        AtomicInteger max = new AtomicInteger();
        List<Supplier<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            tasks.add(() -> {
                int now = current.incrementAndGet();
                max.accumulateAndGet(now, Math::max);
                current.decrementAndGet();
                return now;
            });
        }
        try (CheckPool pool = new CheckPool(3, 100)) {
            List<Thread> callers = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                Thread t = new Thread(() -> {
                    try {
                        pool.runAll(tasks, e -> -1);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                t.start();
                callers.add(t);
            }
            for (Thread t : callers) {
                t.join();
            }
        }
        assertEquals(true, max.get() <= 3, "at most 3 probes at once, saw " + max.get());
    }

    @Test
    void aThrowingTaskBecomesItsErrorResult() throws Exception {
        try (CheckPool pool = new CheckPool(2, 2)) {
            List<Supplier<String>> tasks = List.of(() -> "a", () -> {
                throw new IllegalStateException("boom");
            }, () -> "c");
            assertEquals(List.of("a", "error boom", "c"), pool.runAll(tasks, e -> "error " + e.getMessage()));
        }
    }

    @Test
    void refusesNonsenseLimitsNamingTheProperty() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new CheckPool(0, 1));
        assertEquals(true, e.getMessage().startsWith("berth.verify.max-concurrent-checks "), e.getMessage());
    }
}
