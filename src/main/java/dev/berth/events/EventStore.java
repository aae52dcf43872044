package dev.berth.events;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Appends normalized events to the events stream, once per (source, delivery id).
 *
 * <p>The de-duplication marker and the stream entry are written by one Lua script, so they are atomic: an event is
 * either stored and marked, or neither (a failed write can be retried by the sender and is then not a duplicate).
 */
@ApplicationScoped
public class EventStore {

    /** SET NX marks the delivery; only a first delivery is appended. Returns the entry id, or nil for a repeat. */
    static final String INGEST_SCRIPT = """
            if redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then
              return redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[2], '*', unpack(ARGV, 3))
            end
            return false
            """;

    private final ReactiveRedisDataSource redis;
    private final RedisKeys keys;
    private final EventsConfig config;

    public EventStore(ReactiveRedisDataSource redis, RedisKeys keys, EventsConfig config) {
        this.redis = redis;
        this.keys = keys;
        this.config = config;
    }

    /** Stores the event unless its delivery was seen within the de-duplication window. */
    public Uni<IngestResult> append(Event event) {
        Map<String, String> fields = event.toFields();
        List<String> args = new ArrayList<>(6 + fields.size() * 2);
        args.add(INGEST_SCRIPT);
        args.add("2");
        args.add(keys.seen(event.source(), event.deliveryId().value()));
        args.add(keys.events());
        args.add(Long.toString(Math.max(1, config.dedupeWindow().toSeconds())));
        args.add(Long.toString(config.maxLength()));
        fields.forEach((k, v) -> {
            args.add(k);
            args.add(v);
        });
        return redis.execute("EVAL", args.toArray(String[]::new))
                .ifNoItem().after(config.redisTimeout()).failWith(() -> new StoreUnavailable("Redis did not answer within "
                        + config.redisTimeout().toMillis() + " ms"))
                .onFailure(f -> !(f instanceof StoreUnavailable)).transform(f -> new StoreUnavailable(f.getMessage()))
                .map(r -> r == null ? IngestResult.repeated() : IngestResult.stored(r.toString()));
    }

    /** Redis could not store the event: the sender must retry later. */
    public static final class StoreUnavailable extends RuntimeException {
        public StoreUnavailable(String message) {
            super(message, null, false, false);
        }
    }
}
