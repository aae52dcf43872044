package dev.berth.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.berth.domain.Digest;
import dev.berth.domain.ImageRef;
import dev.berth.domain.Tag;
import dev.berth.testing.DistributionRegistry;
import dev.berth.testing.RedisResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** The application's RegistryClient bean, configured from berth.registry.* properties, pins a tag. */
@QuarkusTest
@QuarkusTestResource(RedisResource.class)
@QuarkusTestResource(value = HtpasswdRegistryResource.class, restrictToAnnotatedClass = true)
class RegistryClientWiringTest {

    @Inject
    RegistryClient client;

    @Test
    void theDefaultBeanUsesTheConfiguredAccountPerHost() {
        DistributionRegistry registry = HtpasswdRegistryResource.registry();
        Digest pushed = Digest.of(registry.pushImage("acme/wired", "1.2.3"));
        ImageRef repo = ImageRef.parse(registry.host() + "/acme/wired");
        assertEquals(pushed, client.resolve(repo, new Tag("1.2.3")).digest());
        assertInstanceOf(DigestNotFound.class, org.junit.jupiter.api.Assertions.assertThrows(RegistryException.class,
                () -> client.resolve(repo, new Tag("0.0.0"))));
    }
}
