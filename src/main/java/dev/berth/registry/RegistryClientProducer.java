package dev.berth.registry;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;

/** The real HTTP registry client from {@link RegistryConfig}; a test profile may replace it with its own bean. */
@ApplicationScoped
public class RegistryClientProducer {

    @Produces
    @DefaultBean
    @ApplicationScoped
    RegistryClient registryClient(RegistryConfig config, Clock clock) {
        return new HttpRegistryClient(RegistrySettings.from(config), clock);
    }
}
