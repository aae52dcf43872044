package dev.berth.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.events.RedisKeys;
import dev.berth.testing.Poll;
import dev.berth.testing.RedisResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * An events-stream entry that the real router cannot read is dead-lettered, and an {@code event.dead-lettered}
 * notification naming the stream, the consumer group and the entry (not the entry's content) goes to the outbox.
 */
@QuarkusTest
@QuarkusTestResource(RedisResource.class)
class DeadLetterAlertsTest {

    @Inject
    RedisDataSource redis;

    @Inject
    RedisKeys keys;

    @Test
    void anEntryTheRouterCannotReadIsDeadLetteredAndAnnounced() {
        String id = redis.stream(String.class).xadd(keys.events(), Map.of("v", "99", "kind", "image.push",
                "delivery", "dead-letter-test", "app", "web", "secretish", "do-not-send-this"));

        StreamMessage<String, String, String> alert = Poll.value(Duration.ofSeconds(30), "the dead-letter alert",
                () -> alerts().stream().filter(m -> m.payload().toString().contains(id)
                        && m.payload().toString().contains("router")).findFirst().orElse(null));
        Notification n = NotificationRecord.fromFields(alert.payload());
        assertEquals(NotificationKind.EVENT_DEAD_LETTERED, n.kind());
        assertEquals("web", n.app());
        assertEquals(id, n.facts().get("Entry"));
        assertEquals(keys.events(), n.facts().get("Stream"));
        assertTrue(n.text().contains("unsupported event record version"), n.text());
        assertFalse(alert.payload().toString().contains("do-not-send-this"), "the entry's content is not sent");
        assertTrue(Optional.ofNullable(redis.stream(String.class).xrange(keys.deadLetters(),
                io.quarkus.redis.datasource.stream.StreamRange.of("-", "+"))).orElse(List.of()).stream()
                .anyMatch(m -> id.equals(m.payload().get("deadId"))), "the entry is in the dead-letter stream");
    }

    private List<StreamMessage<String, String, String>> alerts() {
        return redis.stream(String.class).xrange(keys.notifications(),
                io.quarkus.redis.datasource.stream.StreamRange.of("-", "+")).stream()
                .filter(m -> "event.dead-lettered".equals(m.payload().get("kind"))).toList();
    }
}
