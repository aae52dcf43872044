package dev.berth.events;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** Makes the key layout, with the configured prefix, injectable. */
@ApplicationScoped
public class RedisKeysProducer {

    @Produces
    @ApplicationScoped
    RedisKeys keys(EventsConfig config) {
        return new RedisKeys(config.keyPrefix());
    }
}
