package dev.berth.deploy;

import dev.berth.domain.AppName;
import dev.berth.domain.EnvName;
import dev.berth.events.RedisKeys;
import dev.berth.work.ManagedExecutors;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * One deploy at a time per app environment, across replicas: a Redis lock with an owner token and a TTL, renewed
 * while held. If a replica dies, its lock expires after the TTL and another replica may take over.
 */
@ApplicationScoped
public class DeployLocks {

    private static final Logger LOG = Logger.getLogger(DeployLocks.class);

    /** Only the owner may extend: compare the token, then PEXPIRE. */
    private static final String RENEW = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('PEXPIRE', KEYS[1], ARGV[2])
            end
            return 0
            """;
    /** Only the owner may release: compare the token, then DEL. */
    private static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('DEL', KEYS[1])
            end
            return 0
            """;

    private final RedisDataSource redis;
    private final RedisKeys keys;
    private final Duration ttl;
    /** Renews every held lease (managed executor {@code lock-renewer}, thread {@code berth-lock-renewer-1}). */
    private final ScheduledExecutorService renewer;

    public DeployLocks(RedisDataSource redis, RedisKeys keys, DeployConfig config, ManagedExecutors executors) {
        this.redis = redis;
        this.keys = keys;
        this.ttl = config.lockTtl();
        this.renewer = executors.scheduled("lock-renewer", 1);
    }

    /** Takes the lock of app/env when free; the lease renews itself every third of the TTL until closed. */
    public Optional<Lease> tryAcquire(AppName app, EnvName env) {
        String key = keys.deployLock(app.value(), env.value());
        String token = UUID.randomUUID().toString();
        Object ok = redis.execute("SET", key, token, "NX", "PX", Long.toString(ttl.toMillis()));
        if (ok == null) {
            return Optional.empty();
        }
        Lease lease = new Lease(key, token);
        long period = Math.max(100, ttl.toMillis() / 3);
        lease.renewal = renewer.scheduleAtFixedRate(lease::renew, period, period, TimeUnit.MILLISECONDS);
        return Optional.of(lease);
    }

    /** Who holds the lock of app/env (the owner token), if anyone. */
    public Optional<String> holder(AppName app, EnvName env) {
        return Optional.ofNullable(redis.value(String.class).get(keys.deployLock(app.value(), env.value())));
    }

    void onStop(@Observes ShutdownEvent event) {
        renewer.shutdownNow();
    }

    /** A held lock. Closing it releases the lock if this owner still holds it. */
    public final class Lease implements AutoCloseable {
        private final String key;
        private final String token;
        private volatile ScheduledFuture<?> renewal;
        private volatile boolean lost;

        private Lease(String key, String token) {
            this.key = key;
            this.token = token;
        }

        private void renew() {
            try {
                Object r = redis.execute("EVAL", RENEW, "1", key, token, Long.toString(ttl.toMillis()));
                if (r == null || r.toString().equals("0")) {
                    lost = true;
                    LOG.warnf("Deploy lock %s was lost (expired or taken over)", key);
                    renewal.cancel(false);
                }
            } catch (RuntimeException e) {
                LOG.warnf("Cannot renew deploy lock %s: %s", key, e.getMessage());
            }
        }

        /** True when the lock expired or was taken while held: the holder must stop before switching a host. */
        public boolean lost() {
            return lost;
        }

        @Override
        public void close() {
            if (renewal != null) {
                renewal.cancel(false);
            }
            try {
                redis.execute("EVAL", RELEASE, "1", key, token);
            } catch (RuntimeException e) {
                LOG.warnf("Cannot release deploy lock %s (it expires by itself): %s", key, e.getMessage());
            }
        }
    }
}
