package dev.berth.notify;

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
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The outbox and the sink workers against a real redis-server and real local HTTP sinks. Workers are wired by hand
 * (one fresh sink name per test, so groups, de-duplication markers and counters never mix).
 */
@QuarkusTest
@QuarkusTestResource(RedisResource.class)
class NotificationDeliveryTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final AtomicInteger SINKS = new AtomicInteger();

    @Inject
    RedisDataSource redis;
    @Inject
    RedisKeys keys;
    @Inject
    NotificationOutbox outbox;
    @Inject
    NotifyMetrics metrics;

    private final List<SinkWorker> workers = new ArrayList<>();
    private final List<HttpSink> sinks = new ArrayList<>();
    private final SinkHttp http = new SinkHttp(Duration.ofSeconds(2), Duration.ofSeconds(5), Clock.systemUTC());

    @AfterEach
    void stopEverything() {
        workers.forEach(w -> w.stop(Duration.ofSeconds(10)));
        sinks.forEach(HttpSink::close);
    }

    @Test
    void rateLimitedSinkIsRetriedAfterTheDelayItAskedFor() {
        HttpSink sink = sink().script(2, Reply.status(429).header("Retry-After", "1"));
        String name = worker(sink, SinkFilter.all(), "a", Duration.ofMinutes(5));
        Notification n = deployed();
        outbox.publish(n);
        List<HttpSink.Request> got = sink.await(3, WAIT);
        assertTrue(got.get(1).after(got.get(0)).compareTo(Duration.ofSeconds(1)) >= 0, "waited Retry-After");
        assertTrue(got.get(2).after(got.get(1)).compareTo(Duration.ofSeconds(1)) >= 0, "waited Retry-After");
        assertEquals(got.get(0).text(), got.get(2).text(), "the same message");
        awaitAcked(name);
        assertEquals(2, metrics.value(name, n.kind().wire(), Outcome.RETRIED));
        assertEquals(1, metrics.value(name, n.kind().wire(), Outcome.DELIVERED));
    }

    @Test
    void sinkThatWasDownReceivesTheMessageWhenBack() {
        HttpSink sink = sink();
        sink.down();
        String name = worker(sink, SinkFilter.all(), "a", Duration.ofMinutes(5));
        Notification n = deployed();
        outbox.publish(n);
        Poll.until(WAIT, "two failed attempts", () -> metrics.value(name, n.kind().wire(), Outcome.RETRIED) >= 2);
        sink.up();
        assertTrue(sink.await(1, WAIT).get(0).text().contains(n.digest().substring(7, 19)));
        awaitAcked(name);
    }

    @Test
    void badRequestIsPermanentAndNotRetried() {
        HttpSink sink = sink().script(1, Reply.status(400).body("invalid_payload"));
        String name = worker(sink, SinkFilter.all(), "a", Duration.ofMinutes(5));
        Notification refused = deployed();
        Notification next = deployed();
        outbox.publish(refused);
        outbox.publish(next);
        List<HttpSink.Request> got = sink.await(2, WAIT);
        awaitAcked(name);
        assertEquals(2, got.size(), "one attempt for the refused message, then the next one");
        assertTrue(got.get(1).text().contains(next.digest().substring(7, 19)));
        assertEquals(1, metrics.value(name, refused.kind().wire(), Outcome.FAILED));
        assertEquals(0, metrics.value(name, refused.kind().wire(), Outcome.RETRIED));
    }

    @Test
    void sameAppEnvDigestAndPhaseIsSentOnce() {
        HttpSink sink = sink();
        String name = worker(sink, SinkFilter.all(), "a", Duration.ofMinutes(5));
        Notification n = deployed();
        outbox.publish(n);
        outbox.publish(n.withText("the same deploy, told twice"));
        outbox.publish(Notification.of(NotificationKind.VERIFICATION_PASSED, "web", "production", "verified", n.at())
                .withImage(n.digest(), n.tag()));
        List<HttpSink.Request> got = sink.await(2, WAIT);
        awaitAcked(name);
        assertEquals(2, got.size(), "deploy.succeeded once, then verification.passed");
        assertEquals(1, metrics.value(name, n.kind().wire(), Outcome.DUPLICATE));
    }

    @Test
    void restartDeliversExactlyOnce() {
        HttpSink sink = sink();
        sink.down();
        String name = nextName();
        SinkWorker first = start(name, sink, SinkFilter.all(), "first", Duration.ofMinutes(5));
        Notification n = deployed();
        outbox.publish(n);
        Poll.until(WAIT, "an attempt by the first worker", () -> metrics.value(name, n.kind().wire(),
                Outcome.RETRIED) >= 1);
        first.stop(Duration.ofSeconds(10));
        assertEquals(1, pending(name), "left pending by the stopped worker");
        sink.up();
        start(name, sink, SinkFilter.all(), "second", Duration.ofMillis(200));
        sink.await(1, WAIT);
        awaitAcked(name);
        Notification marker = deployed();
        outbox.publish(marker);
        List<HttpSink.Request> got = sink.await(2, WAIT);
        assertEquals(2, got.size(), "the first message exactly once, then the marker");
        assertTrue(got.get(0).text().contains(n.digest().substring(7, 19)));
        assertTrue(got.get(1).text().contains(marker.digest().substring(7, 19)));
    }

    @Test
    void filteredSinkReceivesNothing() {
        HttpSink open = sink();
        HttpSink filtered = sink();
        String openName = worker(open, SinkFilter.all(), "a", Duration.ofMinutes(5));
        String filteredName = worker(filtered, new SinkFilter(Set.of("api"), Set.of(), Set.of("deploy"),
                Severity.INFO), "a", Duration.ofMinutes(5));
        Notification n = deployed();
        outbox.publish(n);
        open.await(1, WAIT);
        Poll.until(WAIT, "the filtered sink to skip it", () -> metrics.value(filteredName, n.kind().wire(),
                Outcome.FILTERED) == 1);
        awaitAcked(openName);
        awaitAcked(filteredName);
        assertEquals(0, filtered.requests().size());
    }

    private HttpSink sink() {
        HttpSink sink = HttpSink.start();
        sinks.add(sink);
        return sink;
    }

    private String worker(HttpSink sink, SinkFilter filter, String consumer, Duration claimIdle) {
        String name = nextName();
        start(name, sink, filter, consumer, claimIdle);
        return name;
    }

    private SinkWorker start(String name, HttpSink sink, SinkFilter filter, String consumer, Duration claimIdle) {
        DeliverySettings settings = new DeliverySettings(consumer, Duration.ZERO, 100,
                new Backoff(Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofSeconds(10)),
                Duration.ofMinutes(1), claimIdle, Duration.ofMillis(200));
        SinkWorker w = new SinkWorker(redis, keys, new SlackNotifier(name, sink.url(), Samples.LINKS, http), filter,
                settings, metrics);
        w.ensureGroup();
        workers.add(w);
        return w.start();
    }

    private static String nextName() {
        return "t" + SINKS.incrementAndGet() + "-" + ThreadLocalRandom.current().nextInt(1_000_000);
    }

    private long pending(String sink) {
        return redis.stream(String.class).xpending(keys.notifications(), RedisKeys.notifierGroup(sink))
                .getPendingCount();
    }

    private void awaitAcked(String sink) {
        Poll.until(WAIT, "no pending notification for " + sink, () -> pending(sink) == 0);
    }

    /** A deploy.succeeded of a fresh random digest. */
    private static Notification deployed() {
        byte[] b = new byte[32];
        ThreadLocalRandom.current().nextBytes(b);
        return Samples.succeeded().withImage("sha256:" + HexFormat.of().formatHex(b), "1.4.2");
    }
}
