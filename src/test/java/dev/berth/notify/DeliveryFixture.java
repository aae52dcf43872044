package dev.berth.notify;

import dev.berth.events.RedisKeys;
import dev.berth.testing.HttpSink;
import dev.berth.testing.Poll;
import io.quarkus.redis.datasource.RedisDataSource;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sink workers wired by hand against the test's Redis, posting Slack messages to local HTTP sinks. Every sink gets
 * a fresh name, so consumer groups, de-duplication markers and counters never mix between tests. Close it after
 * each test: it stops the workers and the HTTP sinks it started.
 */
final class DeliveryFixture implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(20);
    private static final AtomicInteger SINKS = new AtomicInteger();

    private final RedisDataSource redis;
    private final RedisKeys keys;
    private final NotifyMetrics metrics;
    private final List<SinkWorker> workers = new ArrayList<>();
    private final List<HttpSink> sinks = new ArrayList<>();
    private final SinkHttp http = new SinkHttp(Duration.ofSeconds(2), Duration.ofSeconds(5), Clock.systemUTC());

    DeliveryFixture(RedisDataSource redis, RedisKeys keys, NotifyMetrics metrics) {
        this.redis = redis;
        this.keys = keys;
        this.metrics = metrics;
    }

    HttpSink sink() {
        HttpSink sink = HttpSink.start();
        sinks.add(sink);
        return sink;
    }

    /** Starts a worker for a new sink name and returns the name. */
    String worker(HttpSink sink, SinkFilter filter) {
        String name = nextName();
        start(name, sink, filter, "a", Duration.ofMinutes(5), Duration.ZERO);
        return name;
    }

    SinkWorker start(String name, HttpSink sink, SinkFilter filter, String consumer, Duration claimIdle,
            Duration minInterval) {
        DeliverySettings settings = new DeliverySettings(consumer, minInterval, 100,
                new Backoff(Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofSeconds(10)),
                Duration.ofMinutes(1), claimIdle, Duration.ofMillis(200));
        SinkWorker w = new SinkWorker(redis, keys, new SlackNotifier(name, sink.url(), Samples.LINKS, http), filter,
                settings, metrics);
        w.ensureGroup();
        workers.add(w);
        return w.start();
    }

    static String nextName() {
        return "t" + SINKS.incrementAndGet() + "-" + ThreadLocalRandom.current().nextInt(1_000_000);
    }

    long pending(String sink) {
        return redis.stream(String.class).xpending(keys.notifications(), RedisKeys.notifierGroup(sink))
                .getPendingCount();
    }

    void awaitAcked(String sink) {
        Poll.until(WAIT, "no pending notification for " + sink, () -> pending(sink) == 0);
    }

    double count(String sink, Notification n, NotifyMetrics.Outcome outcome) {
        return metrics.value(sink, n.kind().wire(), outcome);
    }

    /** A deploy.succeeded of a fresh random digest. */
    static Notification deployed() {
        byte[] b = new byte[32];
        ThreadLocalRandom.current().nextBytes(b);
        return Samples.succeeded().withImage("sha256:" + HexFormat.of().formatHex(b), "1.4.2");
    }

    /** The part of the digest every sink shows, to tell messages apart. */
    static String shown(Notification n) {
        return n.digest().substring(7, 19);
    }

    @Override
    public void close() {
        workers.forEach(w -> w.stop(Duration.ofSeconds(10)));
        sinks.forEach(HttpSink::close);
    }
}
