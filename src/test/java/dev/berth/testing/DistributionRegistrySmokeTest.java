package dev.berth.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The registry helper itself works: pushes of an image and of an index are accepted by the real registry. */
class DistributionRegistrySmokeTest {

    @Test
    void pushesImageAndIndex() {
        try (DistributionRegistry registry = new DistributionRegistry().start()) {
            assertTrue(registry.pushImage("acme/web", "1.0.0").startsWith("sha256:"));
            assertTrue(registry.pushIndex("acme/web", "1.1.0", "amd64", "arm64").startsWith("sha256:"));
        }
    }
}
