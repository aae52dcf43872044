package dev.berth.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.domain.DeliveryId;
import dev.berth.testing.RedisResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The ingest script runs by EVALSHA, and still works when Redis has lost its script cache (restart, SCRIPT FLUSH). */
@QuarkusTest
@QuarkusTestResource(RedisResource.class)
class EventStoreTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    EventStore store;

    @Inject
    RedisDataSource redis;

    @Test
    void storesOnceEvenAfterTheScriptCacheIsFlushed() {
        redis.execute("SCRIPT", "FLUSH");
        Event event = new Event("github", new DeliveryId("1:" + UUID.randomUUID()), EventKind.GIT_PUSH, null, null,
                null, null, false, "acme/web", "refs/heads/main", "6113728f27ae82c7b1a177c8d03f9e96e0adf246", null,
                Instant.parse("2024-05-01T10:00:00Z"));
        IngestResult first = store.append(event).await().atMost(WAIT);
        assertFalse(first.duplicate());
        assertEquals("1", redis.execute("SCRIPT", "EXISTS", EventStore.INGEST_SCRIPT_SHA).get(0).toString(),
                "the fallback EVAL cached the script again");
        IngestResult second = store.append(event).await().atMost(WAIT);
        assertTrue(second.duplicate());
    }

    @Test
    void oneImagePushIsStoredOnceWhicheverPathItCameBy() {
        dev.berth.domain.ImageRef image = dev.berth.domain.ImageRef.parse("registry.example.com/acme/dedupe-" + UUID.randomUUID());
        dev.berth.domain.Tag tag = new dev.berth.domain.Tag("1.0.0");
        dev.berth.domain.Digest d1 = new dev.berth.domain.Digest("sha256:" + "1".repeat(64));
        dev.berth.domain.Digest d2 = new dev.berth.domain.Digest("sha256:" + "2".repeat(64));
        Instant at = Instant.parse("2026-11-30T10:00:00Z");

        assertFalse(append(Event.imagePush("distribution", new DeliveryId("w1"), image, tag, d1, null, false, at)));
        assertTrue(append(Event.imagePush("poll", new DeliveryId("p1"), image, tag, d1, null, false, at)),
                "a poll of the push a webhook delivered is a repeat");
        assertFalse(append(Event.imagePush("github", new DeliveryId("g1"), image, tag, d1, null, false, at)),
                "webhooks among themselves are de-duplicated by delivery id only, as before");
        assertTrue(append(Event.imagePush("poll", new DeliveryId("p1b"), image, tag, d1, null, false, at)),
                "and a poll after them is still a repeat");
        assertFalse(append(Event.imagePush("poll", new DeliveryId("p2"), image, tag, d2, null, false, at)),
                "the tag moved: a new push");
        assertTrue(append(Event.imagePush("distribution", new DeliveryId("w1b"), image, tag, d2, null, false, at)),
                "a webhook of the push a poll found first is a repeat");
        assertFalse(append(Event.imagePush("distribution", new DeliveryId("w2"), image, tag, d1, null, false, at)),
                "the tag moved back: a new push again");
        assertFalse(append(Event.imagePush("dockerhub", new DeliveryId("h1"), image, tag, null, null, true, at)),
                "an event without a digest is never refused by its content");
        assertTrue(append(Event.imagePush("distribution", new DeliveryId("w2"), image, tag, d2, null, false, at)),
                "a repeated delivery id stays a repeat");
    }

    private boolean append(Event event) {
        return store.append(event).await().atMost(WAIT).duplicate();
    }
}
