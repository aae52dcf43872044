package dev.berth.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.domain.AppName;
import dev.berth.domain.EnvName;
import dev.berth.testing.RedisResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The status record's compare-and-set and the work queue's due times, against a real redis-server. */
@QuarkusTest
@QuarkusTestResource(RedisResource.class)
class StatusRecordTest {

    @Inject
    EnvStatusStore statuses;
    @Inject
    ReconcileQueue queue;

    @Test
    void aWriteBasedOnAStaleVersionIsRefused() {
        AppName app = new AppName("casapp");
        EnvName env = new EnvName("staging");
        EnvStatus empty = statuses.read(app, env);
        assertEquals(0, empty.version());

        EnvStatus first = statuses.compareAndSet(empty.withPhase(Phase.DEPLOYING)).orElseThrow();
        assertEquals(1, first.version());
        assertTrue(statuses.compareAndSet(empty.withPhase(Phase.FAILED)).isEmpty(), "stale version 0 refused");
        EnvStatus read = statuses.read(app, env);
        assertEquals(Phase.DEPLOYING, read.phase());
        assertEquals(1, read.version());
    }

    @Test
    void everyFieldSurvivesTheRoundTrip() {
        AppName app = new AppName("roundtrip");
        EnvName env = new EnvName("production");
        Instant retry = Instant.parse("2026-11-30T10:00:00Z");
        EnvStatus written = statuses.update(app, env, s -> s.withPhase(Phase.ROLLBACK_FAILED)
                .withDesired(new EnvStatus.Desired("d-abc-01234567", "sha256:" + "a".repeat(64), "1.2.0",
                        "20261130T100000Z-aaaaaaaaaaaa", "b".repeat(64), "push 1.2.0"))
                .withCurrent(new EnvStatus.Release("d-abc-01234567", "sha256:" + "a".repeat(64),
                        "20261130T100000Z-aaaaaaaaaaaa", "1.2.0"))
                .withKnownGood(new EnvStatus.Release("d-abb-01234567", "sha256:" + "c".repeat(64),
                        "20261129T100000Z-cccccccccccc", null))
                .withHost("deploy@127.0.0.1:2222", "20261129T100000Z-cccccccccccc", null)
                .withHost("deploy@127.0.0.1:2223", "20261130T100000Z-aaaaaaaaaaaa", "host down")
                .withQuarantined("sha256:" + "a".repeat(64))
                .withRollback(new EnvStatus.RollbackIntent("d-abc-01234567", "20261129T100000Z-cccccccccccc",
                        "regression", "http", "status 500", "2026-11-30T09:59:00Z", false, true))
                .withRetry("host down", retry));
        EnvStatus read = statuses.read(app, env);
        assertEquals(written, read);
        assertEquals(1, read.attempts());
        assertEquals(retry, read.nextRetryAt());
        assertEquals("host down", read.hosts().get(1).error());
    }

    @Test
    void concurrentWritersNeverLoseAChange() throws Exception {
        AppName app = new AppName("racers");
        EnvName env = new EnvName("staging");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<EnvStatus>> writes = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                String host = "deploy@10.0.0." + i + ":22";
                writes.add(pool.submit(() -> statuses.update(app, env, s -> s.withHost(host, "r", null))));
            }
            for (Future<EnvStatus> w : writes) {
                w.get();
            }
        } finally {
            pool.shutdownNow();
        }
        EnvStatus read = statuses.read(app, env);
        assertEquals(24, read.hosts().size(), "every writer's host is there");
        assertEquals(24, read.version(), "one version per write");
        IntStream.range(0, 24).forEach(i -> assertEquals("r", read.observed("deploy@10.0.0." + i + ":22")));
    }

    @Test
    void enqueueingOnlyEverMovesAKeyEarlier() {
        AppName app = new AppName("queued");
        EnvName env = new EnvName("staging");
        Instant later = Instant.parse("2099-01-01T00:00:10Z");
        Instant earlier = Instant.parse("2099-01-01T00:00:05Z");
        queue.enqueue(app, env, later);
        queue.enqueue(app, env, earlier);
        queue.enqueue(app, env, later);
        assertEquals(earlier, queue.dueAt(app, env).orElseThrow());

        // A worker's turn held with a safety due time ends: nobody enqueued meanwhile, so its next due time wins.
        ReconcileQueue.Key key = new ReconcileQueue.Key(app, env);
        long held = Instant.parse("2099-01-01T00:01:00Z").toEpochMilli();
        queue.hold(key, held);
        queue.finish(key, held, later);
        assertEquals(later, queue.dueAt(app, env).orElseThrow());
        // Someone enqueued during the turn: the earlier due time stays, the turn's "nothing to do" does not remove it.
        queue.hold(key, held);
        queue.enqueue(app, env, earlier);
        queue.finish(key, held, null);
        assertEquals(earlier, queue.dueAt(app, env).orElseThrow());
        // Nothing enqueued during the turn and nothing to do: the key leaves the queue.
        queue.hold(key, held);
        queue.finish(key, held, null);
        assertTrue(queue.dueAt(app, env).isEmpty());
    }
}
