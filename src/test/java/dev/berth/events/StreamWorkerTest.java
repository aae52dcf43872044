package dev.berth.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.testing.Poll;
import dev.berth.testing.RedisResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.XReadGroupArgs;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** At-least-once stream consumption against a real Redis: retries, claims of a crashed consumer, dead letters. */
@QuarkusTest
@QuarkusTestResource(RedisResource.class)
class StreamWorkerTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    RedisDataSource redis;

    private final String stream = "test:stream:" + UUID.randomUUID();
    private final String dead = stream + ":dead";
    private final List<String> deadLettered = new CopyOnWriteArrayList<>();

    private StreamWorker start(String consumer, StreamWorker.Handler handler) {
        StreamWorker worker = new StreamWorker(redis, stream, "g", consumer, dead, new StreamWorker.Handler() {
            @Override
            public void handle(String id, Map<String, String> fields) throws Exception {
                handler.handle(id, fields);
            }

            @Override
            public void deadLettered(String id, Map<String, String> fields, String reason) {
                deadLettered.add(fields.get("n") + ":" + reason);
            }
        }, Duration.ofMillis(200), 3);
        Thread thread = new Thread(worker, "test-" + consumer);
        thread.setDaemon(true);
        thread.start();
        return worker;
    }

    private long pending() {
        return redis.stream(String.class).xpending(stream, "g").getPendingCount();
    }

    @Test
    void transientFailureIsRetriedThenAcknowledged() {
        AtomicInteger calls = new AtomicInteger();
        StreamWorker worker = start("a", (id, f) -> {
            if (calls.incrementAndGet() == 1) {
                throw new StreamWorker.Transient("host away");
            }
        });
        try {
            redis.stream(String.class).xadd(stream, Map.of("n", "1"));
            Poll.until(WAIT, "second attempt", () -> calls.get() == 2);
            Poll.until(WAIT, "acknowledged", () -> pending() == 0);
            assertTrue(deadLettered.isEmpty());
        } finally {
            worker.stop();
        }
    }

    @Test
    void entryFailingTooOftenGoesToTheDeadLetterStream() {
        StreamWorker worker = start("a", (id, f) -> {
            throw new StreamWorker.Transient("still away");
        });
        try {
            redis.stream(String.class).xadd(stream, Map.of("n", "7"));
            Poll.until(WAIT, "dead letter", () -> redis.stream(String.class).xlen(dead) == 1);
            Poll.until(WAIT, "acknowledged", () -> pending() == 0);
            assertEquals(1, deadLettered.size());
            assertTrue(deadLettered.get(0).startsWith("7:delivered more than 3 times"), deadLettered.get(0));
        } finally {
            worker.stop();
        }
    }

    @Test
    void permanentFailureIsDeadLetteredAtOnce() {
        AtomicInteger calls = new AtomicInteger();
        StreamWorker worker = start("a", (id, f) -> {
            calls.incrementAndGet();
            throw new IllegalArgumentException("unsupported event record version '9'");
        });
        try {
            redis.stream(String.class).xadd(stream, Map.of("n", "2"));
            Poll.until(WAIT, "dead letter", () -> redis.stream(String.class).xlen(dead) == 1);
            Map<String, String> entry = redis.stream(String.class).xrange(dead,
                    io.quarkus.redis.datasource.stream.StreamRange.of("-", "+")).get(0).payload();
            assertEquals("unsupported event record version '9'", entry.get("deadReason"));
            assertEquals(stream, entry.get("deadStream"));
            assertEquals(1, calls.get());
        } finally {
            worker.stop();
        }
    }

    @Test
    void entryOfACrashedConsumerIsClaimedByAnother() {
        redis.execute("XGROUP", "CREATE", stream, "g", "0", "MKSTREAM");
        redis.stream(String.class).xadd(stream, Map.of("n", "3"));
        // Consumer "crashed" reads the entry and dies without acknowledging it.
        List<StreamMessage<String, String, String>> read = redis.stream(String.class)
                .xreadgroup("g", "crashed", stream, ">", new XReadGroupArgs().count(1));
        assertEquals(1, read.size());
        List<String> seen = new CopyOnWriteArrayList<>();
        StreamWorker worker = start("survivor", (id, f) -> seen.add(f.get("n")));
        try {
            Poll.until(WAIT, "claimed and processed", () -> seen.equals(List.of("3")));
            Poll.until(WAIT, "acknowledged", () -> pending() == 0);
        } finally {
            worker.stop();
        }
    }
}
