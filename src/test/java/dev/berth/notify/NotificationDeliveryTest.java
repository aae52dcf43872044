package dev.berth.notify;

import static dev.berth.notify.DeliveryFixture.WAIT;
import static dev.berth.notify.DeliveryFixture.deployed;
import static dev.berth.notify.DeliveryFixture.shown;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.events.RedisKeys;
import dev.berth.notify.NotifyMetrics.Outcome;
import dev.berth.testing.HttpSink;
import dev.berth.testing.HttpSink.Reply;
import dev.berth.testing.Poll;
import dev.berth.testing.RedisResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The outbox and the sink workers against a real redis-server and real local HTTP sinks: retries, filters, dedupe. */
@QuarkusTest
@QuarkusTestResource(RedisResource.class)
class NotificationDeliveryTest {

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

    @Test
    void rateLimitedSinkIsRetriedAfterTheDelayItAskedFor() {
        HttpSink sink = fixture.sink().script(2, Reply.status(429).header("Retry-After", "1"));
        String name = fixture.worker(sink, SinkFilter.all());
        Notification n = deployed();
        outbox.publish(n);
        List<HttpSink.Request> got = sink.await(3, WAIT);
        assertTrue(got.get(1).after(got.get(0)).compareTo(Duration.ofSeconds(1)) >= 0, "waited Retry-After");
        assertTrue(got.get(2).after(got.get(1)).compareTo(Duration.ofSeconds(1)) >= 0, "waited Retry-After");
        assertEquals(got.get(0).text(), got.get(2).text(), "the same message");
        fixture.awaitAcked(name);
        assertEquals(2, fixture.count(name, n, Outcome.RETRIED));
        assertEquals(1, fixture.count(name, n, Outcome.DELIVERED));
    }

    @Test
    void sinkThatWasDownReceivesTheMessageWhenBack() {
        HttpSink sink = fixture.sink();
        sink.down();
        String name = fixture.worker(sink, SinkFilter.all());
        Notification n = deployed();
        outbox.publish(n);
        Poll.until(WAIT, "two failed attempts", () -> fixture.count(name, n, Outcome.RETRIED) >= 2);
        sink.up();
        assertTrue(sink.await(1, WAIT).get(0).text().contains(shown(n)));
        fixture.awaitAcked(name);
    }

    @Test
    void badRequestIsPermanentAndNotRetried() {
        HttpSink sink = fixture.sink().script(1, Reply.status(400).body("invalid_payload"));
        String name = fixture.worker(sink, SinkFilter.all());
        Notification refused = deployed();
        Notification next = deployed();
        outbox.publish(refused);
        outbox.publish(next);
        List<HttpSink.Request> got = sink.await(2, WAIT);
        fixture.awaitAcked(name);
        assertEquals(2, got.size(), "one attempt for the refused message, then the next one");
        assertTrue(got.get(1).text().contains(shown(next)));
        assertEquals(1, fixture.count(name, refused, Outcome.FAILED));
        assertEquals(0, fixture.count(name, refused, Outcome.RETRIED));
    }

    @Test
    void sameAppEnvDigestAndPhaseIsSentOnce() {
        HttpSink sink = fixture.sink();
        String name = fixture.worker(sink, SinkFilter.all());
        Notification n = deployed();
        outbox.publish(n);
        outbox.publish(n.withText("the same deploy, told twice"));
        outbox.publish(Notification.of(NotificationKind.VERIFICATION_PASSED, "web", "production", "verified", n.at())
                .withImage(n.digest(), n.tag()));
        List<HttpSink.Request> got = sink.await(2, WAIT);
        fixture.awaitAcked(name);
        assertEquals(2, got.size(), "deploy.succeeded once, then verification.passed");
        assertEquals(1, fixture.count(name, n, Outcome.DUPLICATE));
    }

    @Test
    void filteredSinkReceivesNothing() {
        HttpSink open = fixture.sink();
        HttpSink filtered = fixture.sink();
        String openName = fixture.worker(open, SinkFilter.all());
        String filteredName = fixture.worker(filtered, new SinkFilter(Set.of("api"), Set.of(), Set.of("deploy"),
                Severity.INFO));
        Notification n = deployed();
        outbox.publish(n);
        open.await(1, WAIT);
        Poll.until(WAIT, "the filtered sink to skip it", () -> fixture.count(filteredName, n, Outcome.FILTERED) == 1);
        fixture.awaitAcked(openName);
        fixture.awaitAcked(filteredName);
        assertEquals(0, filtered.requests().size());
    }

    @Test
    void requestsToASinkAreSpacedByItsMinimumInterval() {
        HttpSink sink = fixture.sink();
        String name = DeliveryFixture.nextName();
        fixture.start(name, sink, SinkFilter.all(), "a", Duration.ofMinutes(5), Duration.ofMillis(500));
        outbox.publish(deployed());
        outbox.publish(deployed());
        List<HttpSink.Request> got = sink.await(2, WAIT);
        assertTrue(got.get(1).after(got.get(0)).compareTo(Duration.ofMillis(500)) >= 0, "rate limited");
        fixture.awaitAcked(name);
    }
}
