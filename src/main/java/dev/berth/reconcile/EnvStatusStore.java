package dev.berth.reconcile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.domain.AppName;
import dev.berth.domain.EnvName;
import dev.berth.events.RedisKeys;
import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Reads and writes {@link EnvStatus} records. Every write is a compare-and-set on the record's {@code version} field
 * (one Lua script: the hash is replaced only when its version is still the one read), so two writers never lose each
 * other's change; {@link #update} reads, applies and retries on a conflict. Blocking: call from worker threads.
 */
@ApplicationScoped
public class EnvStatusStore {

    /** Conflicting writers retried before giving up (each retry re-reads the record). */
    static final int MAX_CONFLICTS = 50;

    /** Replaces the hash when its version is ARGV[1] (absent counts as 0); sets version ARGV[2]. */
    private static final String CAS = """
            local v = redis.call('HGET', KEYS[1], 'version')
            if (v or '0') ~= ARGV[1] then return 0 end
            redis.call('DEL', KEYS[1])
            redis.call('HSET', KEYS[1], 'version', ARGV[2], unpack(ARGV, 3))
            return 1
            """;

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final TypeReference<List<EnvStatus.HostState>> HOSTS = new TypeReference<>() {
    };
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    private final RedisDataSource redis;
    private final RedisKeys keys;

    public EnvStatusStore(RedisDataSource redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    /** A write lost against another writer {@value #MAX_CONFLICTS} times in a row. */
    public static class Conflict extends RuntimeException {
        Conflict(String message) {
            super(message);
        }
    }

    public EnvStatus read(AppName app, EnvName env) {
        Map<String, String> f = redis.hash(String.class).hgetall(keys.envStatus(app.value(), env.value()));
        if (f == null || f.isEmpty()) {
            return EnvStatus.empty(app, env);
        }
        return fromFields(app, env, f);
    }

    /** Writes {@code next} if the stored version is still {@code next.version()}; returns it with its new version. */
    public java.util.Optional<EnvStatus> compareAndSet(EnvStatus next) {
        List<String> args = new ArrayList<>();
        args.add(CAS);
        args.add("1");
        args.add(keys.envStatus(next.app().value(), next.env().value()));
        args.add(Long.toString(next.version()));
        args.add(Long.toString(next.version() + 1));
        toFields(next).forEach((k, v) -> {
            args.add(k);
            args.add(v);
        });
        Object r = redis.execute("EVAL", args.toArray(String[]::new));
        if (r == null || !"1".equals(r.toString())) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new EnvStatus(next.app(), next.env(), next.phase(), next.desired(),
                next.current(), next.hosts(), next.knownGood(), next.quarantined(), next.attempts(),
                next.lastError(), next.nextRetryAt(), next.rollback(), next.verification(), next.version() + 1));
    }

    /**
     * Applies {@code change} to the current record and writes it with compare-and-set, re-reading and re-applying on
     * a conflict. {@code change} may run more than once and must not have side effects. Returns what was written (or
     * the record unchanged when {@code change} changed nothing).
     */
    public EnvStatus update(AppName app, EnvName env, UnaryOperator<EnvStatus> change) {
        for (int i = 0; i < MAX_CONFLICTS; i++) {
            EnvStatus now = read(app, env);
            EnvStatus next = change.apply(now);
            if (next.equals(now)) {
                return now;
            }
            var written = compareAndSet(next);
            if (written.isPresent()) {
                return written.get();
            }
        }
        throw new Conflict("the status record of " + app + "/" + env + " changed under " + MAX_CONFLICTS
                + " writes in a row; try again");
    }

    static Map<String, String> toFields(EnvStatus s) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("app", s.app().value());
        f.put("env", s.env().value());
        f.put("phase", s.phase().wire());
        put(f, "desired", s.desired());
        put(f, "current", s.current());
        put(f, "hosts", s.hosts());
        put(f, "knownGood", s.knownGood());
        put(f, "quarantined", s.quarantined());
        f.put("attempts", Integer.toString(s.attempts()));
        if (s.lastError() != null) {
            f.put("lastError", s.lastError());
        }
        if (s.nextRetryAt() != null) {
            f.put("nextRetryAt", s.nextRetryAt().toString());
        }
        put(f, "rollback", s.rollback());
        put(f, "verification", s.verification());
        return f;
    }

    static EnvStatus fromFields(AppName app, EnvName env, Map<String, String> f) {
        try {
            return new EnvStatus(app, env, Phase.fromWire(f.getOrDefault("phase", "idle")),
                    read(f, "desired", EnvStatus.Desired.class), read(f, "current", EnvStatus.Release.class),
                    f.containsKey("hosts") ? JSON.readValue(f.get("hosts"), HOSTS) : List.of(),
                    read(f, "knownGood", EnvStatus.Release.class),
                    f.containsKey("quarantined") ? JSON.readValue(f.get("quarantined"), STRINGS) : List.of(),
                    Integer.parseInt(f.getOrDefault("attempts", "0")), f.get("lastError"),
                    f.containsKey("nextRetryAt") ? Instant.parse(f.get("nextRetryAt")) : null,
                    read(f, "rollback", EnvStatus.RollbackIntent.class),
                    read(f, "verification", EnvStatus.VerificationState.class),
                    Long.parseLong(f.getOrDefault("version", "0")));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the status record of " + app + "/" + env + " is unreadable: "
                    + e.getOriginalMessage(), e);
        }
    }

    private static <T> T read(Map<String, String> f, String field, Class<T> type) throws JsonProcessingException {
        String json = f.get(field);
        return json == null ? null : JSON.readValue(json, type);
    }

    private static void put(Map<String, String> f, String field, Object value) {
        if (value == null) {
            return;
        }
        try {
            f.put(field, JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + field + " of a status record", e);
        }
    }
}
