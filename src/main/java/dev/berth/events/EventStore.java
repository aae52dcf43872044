package dev.berth.events;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * Appends normalized events to the events stream, once per (source, delivery id).
 *
 * <p>The de-duplication marker and the stream entry are written by one Lua script, so they are atomic: an event is
 * either stored and marked, or neither (a failed write can be retried by the sender and is then not a duplicate).
 */
@ApplicationScoped
public class EventStore {

    /**
     * SET NX marks the delivery; only a first delivery is appended. With a third key ({@link PushIdentity}) the last
     * two arguments are the digest the event says its tag names and its path ({@code poll} or {@code webhook}): the
     * event is a repeat when the tag's last stored event named the same digest and either of the two came by
     * polling. Returns the entry id, or nil for a repeat.
     */
    static final String INGEST_SCRIPT = """
            if redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then
              local last = #ARGV
              if KEYS[3] then
                local digest, path = ARGV[#ARGV - 1], ARGV[#ARGV]
                local seen = redis.call('GET', KEYS[3])
                if seen then
                  local seenDigest, seenPath = string.match(seen, '^(%S+) (%S+)$')
                  if seenDigest == digest and (path == 'poll' or seenPath == 'poll') then
                    return false
                  end
                end
                redis.call('SET', KEYS[3], digest .. ' ' .. path, 'EX', ARGV[1])
                last = #ARGV - 2
              end
              return redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[2], '*', unpack(ARGV, 3, last))
            end
            return false
            """;

    /** SHA-1 of the script: EVALSHA sends 40 characters instead of the script on every webhook. */
    static final String INGEST_SCRIPT_SHA = sha1Hex(INGEST_SCRIPT);

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
        java.util.Optional<PushIdentity> push = PushIdentity.of(event, keys);
        int extra = push.isPresent() ? 3 : 0;
        String[] args = new String[6 + extra + fields.size() * 2];
        int i = 0;
        args[i++] = INGEST_SCRIPT_SHA;
        args[i++] = push.isPresent() ? "3" : "2";
        args[i++] = keys.seen(event.source(), event.deliveryId().value());
        args[i++] = keys.events();
        if (push.isPresent()) {
            args[i++] = push.get().key();
        }
        args[i++] = Long.toString(Math.max(1, config.dedupeWindow().toSeconds()));
        args[i++] = Long.toString(config.maxLength());
        for (Map.Entry<String, String> field : fields.entrySet()) {
            args[i++] = field.getKey();
            args[i++] = field.getValue();
        }
        if (push.isPresent()) {
            args[i++] = push.get().digest();
            args[i++] = push.get().polled() ? "poll" : "webhook";
        }
        return redis.execute("EVALSHA", args)
                .onFailure(EventStore::isNoScript).recoverWithUni(() -> evalLoading(args))
                .ifNoItem().after(config.redisTimeout()).failWith(() -> new StoreUnavailable("Redis did not answer within "
                        + config.redisTimeout().toMillis() + " ms"))
                .onFailure(f -> !(f instanceof StoreUnavailable)).transform(f -> new StoreUnavailable(f.getMessage()))
                .map(r -> r == null ? IngestResult.repeated() : IngestResult.stored(r.toString()));
    }

    /** After a Redis restart or SCRIPT FLUSH the script cache is empty: EVAL runs the script and caches it again. */
    private Uni<Response> evalLoading(String[] evalShaArgs) {
        String[] args = evalShaArgs.clone();
        args[0] = INGEST_SCRIPT;
        return redis.execute("EVAL", args);
    }

    private static boolean isNoScript(Throwable f) {
        return f.getMessage() != null && f.getMessage().startsWith("NOSCRIPT");
    }

    private static String sha1Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is not available", e);
        }
    }

    /** Redis could not store the event: the sender must retry later. */
    public static final class StoreUnavailable extends RuntimeException {
        public StoreUnavailable(String message) {
            super(message, null, false, false);
        }
    }
}
