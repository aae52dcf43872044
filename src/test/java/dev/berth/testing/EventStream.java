package dev.berth.testing;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import java.util.List;
import java.util.Map;

/** Reads the events stream the webhooks write, for assertions. */
public final class EventStream {

    private final RedisDataSource redis;
    private final String stream;

    public EventStream(RedisDataSource redis, String stream) {
        this.redis = redis;
        this.stream = stream;
    }

    /** The fields of every entry whose {@code image} is {@code repository}, oldest first. */
    public List<Map<String, String>> forImage(String repository) {
        return all().stream().filter(f -> repository.equals(f.get("image"))).toList();
    }

    /** The fields of every entry with this delivery id. */
    public List<Map<String, String>> forDelivery(String delivery) {
        return all().stream().filter(f -> delivery.equals(f.get("delivery"))).toList();
    }

    public long length() {
        return redis.stream(String.class).xlen(stream);
    }

    private List<Map<String, String>> all() {
        List<StreamMessage<String, String, String>> messages =
                redis.stream(String.class).xrange(stream, StreamRange.of("-", "+"));
        return messages.stream().map(StreamMessage::payload).toList();
    }
}
