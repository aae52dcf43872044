package dev.berth.notify;

import static dev.berth.notify.DeliveryFixture.WAIT;
import static dev.berth.notify.DeliveryFixture.deployed;
import static dev.berth.notify.DeliveryFixture.shown;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.events.RedisKeys;
import dev.berth.notify.NotifyMetrics.Outcome;
import dev.berth.testing.HttpSink;
import dev.berth.testing.Poll;
import dev.berth.testing.RedisResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A worker stopped before it could deliver: the notification stays pending and the next worker delivers it exactly
 * once, whether it is the same consumer restarting (its own pending entries first) or another replica taking over
 * a dead consumer's entries (XAUTOCLAIM after claim-idle).
 */
@QuarkusTest
@QuarkusTestResource(RedisResource.class)
class NotificationRestartTest {

    @Inject
    RedisDataSource redis;
    @Inject
    RedisKeys keys;
    @Inject
    NotificationOutbox outbox;
    @Inject
    NotifyMetrics metrics;

    private DeliveryFixture fixture;

    @BeforeEach
    void wire() {
        fixture = new DeliveryFixture(redis, keys, metrics);
    }

    @AfterEach
    void stopEverything() {
        fixture.close();
    }

    @ParameterizedTest(name = "restarted as {0}, claim-idle {1} ms")
    @CsvSource({"first, 300000", "second, 200"})
    void restartDeliversExactlyOnce(String secondConsumer, long claimIdleMillis) {
        HttpSink sink = fixture.sink();
        sink.down();
        String name = DeliveryFixture.nextName();
        SinkWorker first = fixture.start(name, sink, SinkFilter.all(), "first", Duration.ofMinutes(5), Duration.ZERO);
        Notification n = deployed();
        outbox.publish(n);
        Poll.until(WAIT, "an attempt by the first worker", () -> fixture.count(name, n, Outcome.RETRIED) >= 1);
        first.stop(Duration.ofSeconds(10));
        assertEquals(1, fixture.pending(name), "left pending by the stopped worker");
        sink.up();
        fixture.start(name, sink, SinkFilter.all(), secondConsumer, Duration.ofMillis(claimIdleMillis), Duration.ZERO);
        sink.await(1, WAIT);
        fixture.awaitAcked(name);
        Notification marker = deployed();
        outbox.publish(marker);
        List<HttpSink.Request> got = sink.await(2, WAIT);
        assertEquals(2, got.size(), "the first message exactly once, then the marker");
        assertTrue(got.get(0).text().contains(shown(n)));
        assertTrue(got.get(1).text().contains(shown(marker)));
    }
}
