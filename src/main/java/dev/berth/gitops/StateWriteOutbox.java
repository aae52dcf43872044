package dev.berth.gitops;

import dev.berth.events.RedisKeys;
import dev.berth.work.Heartbeat;
import dev.berth.work.ManagedExecutors;
import dev.berth.work.WorkConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The Git write-back leaves the deploy thread: {@link #enqueue} appends the write (files and commit message) to a
 * Redis list and returns; one worker thread per replica, holding a Redis lease so that only one replica writes at
 * a time, takes the oldest entry, commits it (a write whose files are already so makes no commit) and pushes. The
 * entry is removed only once the remote has it; while the remote is away it is retried with exponential backoff up
 * to {@code berth.state.outbox-max-backoff}. So writes land in the order they were made (per app environment too),
 * exactly once, and survive a restart of berth. A write that can never be made (a path through a symbolic link) is
 * moved to {@code berth:state:outbox:dead} with an ERROR line.
 *
 * <p>The worker is the managed loop {@code state-writer} (thread {@code berth-state-writer}); it beats once per round,
 * so liveness reports it when it dies or stalls longer than {@code berth.work.stall-after} (at least twice
 * {@code berth.state.outbox-max-backoff}).
 */
@ApplicationScoped
public class StateWriteOutbox {

    private static final Logger LOG = Logger.getLogger(StateWriteOutbox.class);
    private static final String NODE = UUID.randomUUID().toString();
    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final Duration IDLE = Duration.ofSeconds(1);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(250);
    /** Takes the lease when free, renews it when held by this replica; 1 when held afterwards. */
    private static final String LEASE_SCRIPT = "if redis.call('get', KEYS[1]) == ARGV[1] then "
            + "return redis.call('pexpire', KEYS[1], ARGV[2]) end "
            + "if redis.call('set', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end return 0";

    private final RedisDataSource redis;
    private final RedisKeys keys;
    private final Duration maxBackoff;
    private final Semaphore wake = new Semaphore(0);
    private final AtomicLong pending = new AtomicLong();
    private final MeterRegistry registry;
    private final ManagedExecutors executors;
    private final Duration stallAfter;
    private volatile GitStateRepository repo;
    private volatile boolean running;
    private volatile Thread thread;

    public StateWriteOutbox(RedisDataSource redis, RedisKeys keys, StateConfig config, MeterRegistry registry,
            ManagedExecutors executors, WorkConfig work) {
        this.redis = redis;
        this.executors = executors;
        Duration twoBackoffs = config.outboxMaxBackoff().multipliedBy(2);
        this.stallAfter = twoBackoffs.compareTo(work.stallAfter()) > 0 ? twoBackoffs : work.stallAfter();
        this.keys = keys;
        this.maxBackoff = config.outboxMaxBackoff();
        this.registry = registry;
        Gauge.builder("berth.state.outbox.pending", pending, AtomicLong::get)
                .description("State repository writes waiting to be committed and pushed").register(registry);
    }

    /** Starts the worker on {@code repo}. */
    synchronized void start(GitStateRepository repo) {
        this.repo = repo;
        running = true;
        executors.start("state-writer", stallAfter, this::run);
    }

    synchronized void stop() {
        running = false;
        Thread worker = thread;
        if (worker != null) {
            worker.interrupt();
        }
    }

    /** Appends a write; returns at once. Throws when Redis cannot take it. */
    void enqueue(Map<String, String> files, String message) {
        JsonObject entry = new JsonObject().put("id", UUID.randomUUID().toString())
                .put("files", new JsonObject(new LinkedHashMap<>(files))).put("message", message);
        pending.set(redis.list(String.class).rpush(keys.stateOutbox(), entry.encode()));
        wake.release();
    }

    private void run(Heartbeat heartbeat) {
        thread = Thread.currentThread();
        try {
            rounds(heartbeat);
        } finally {
            thread = null;
        }
        if (!running) {
            heartbeat.stopped();
        }
    }

    private void rounds(Heartbeat heartbeat) {
        Duration backoff = FIRST_BACKOFF;
        while (running) {
            heartbeat.beat();
            try {
                if (!leased()) {
                    wake.tryAcquire(IDLE.toMillis(), TimeUnit.MILLISECONDS);
                    continue;
                }
                String entry = redis.list(String.class).lindex(keys.stateOutbox(), 0);
                pending.set(redis.list(String.class).llen(keys.stateOutbox()));
                if (entry == null) {
                    wake.tryAcquire(IDLE.toMillis(), TimeUnit.MILLISECONDS);
                    continue;
                }
                if (write(entry)) {
                    redis.list(String.class).lrem(keys.stateOutbox(), 1, entry);
                    pending.set(redis.list(String.class).llen(keys.stateOutbox()));
                    backoff = FIRST_BACKOFF;
                } else {
                    wake.tryAcquire(backoff.toMillis(), TimeUnit.MILLISECONDS);
                    backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.warnf("State repository outbox: %s; retrying in %s", e.getMessage(), backoff);
                try {
                    Thread.sleep(backoff.toMillis());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Commits and pushes one entry; true when the remote has it (or it can never be written and was set aside). */
    private boolean write(String entry) {
        JsonObject json = new JsonObject(entry);
        Map<String, String> files = new LinkedHashMap<>();
        json.getJsonObject("files").forEach(f -> files.put(f.getKey(), String.valueOf(f.getValue())));
        String message = json.getString("message");
        try {
            repo.commit(files, message);
        } catch (StateRepositoryException e) {
            if (e.getCause() instanceof RefusedPath) {
                LOG.errorf("%s can never be committed to the state repository (%s); the write is moved to %s",
                        files.keySet(), e.getMessage(), keys.stateOutboxDead());
                redis.list(String.class).rpush(keys.stateOutboxDead(), entry);
                count("dead");
                return true;
            }
            LOG.errorf("%s not committed to the state repository (%s); retried", files.keySet(), e.getMessage());
            count("retried");
            return false;
        }
        if (repo.pushPending()) {
            count("written");
            return true;
        }
        count("retried");
        return false;
    }

    private boolean leased() {
        Object held = redis.execute("EVAL", LEASE_SCRIPT, "1", keys.stateOutboxLease(), NODE,
                Long.toString(LEASE.toMillis()));
        return held != null && "1".equals(held.toString());
    }

    private void count(String result) {
        Counter.builder("berth.state.outbox.writes").description("State repository outbox attempts by result")
                .tag("result", result).register(registry).increment();
    }
}
