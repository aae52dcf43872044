package dev.berth.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.berth.domain.Digest;
import dev.berth.domain.ImageRef;
import dev.berth.domain.ServiceName;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ComposeFileTest {

    private static final Digest DIGEST = new Digest("sha256:" + "ab".repeat(32));

    @Test
    void listsServicesInFileOrder() {
        ComposeFile compose = ComposeFile.parse("""
                x-common: &common
                  restart: always
                services:
                  web: { <<: *common, image: a }
                  worker:
                    <<: *common
                  db:
                    image: postgres
                """, "apps/web/compose.yaml");
        assertEquals(List.of("web", "worker", "db"), compose.services());
    }

    @Test
    void rendersThePinOverrideSortedByService() {
        Map<ServiceName, ImageRef> pins = new LinkedHashMap<>();
        pins.put(new ServiceName("worker"), ImageRef.parse("registry.example.com/acme/web").withDigest(DIGEST));
        pins.put(new ServiceName("web"), ImageRef.parse("registry.example.com/acme/web:1.2.3").withDigest(DIGEST));
        assertEquals("""
                services:
                  web:
                    image: registry.example.com/acme/web@%1$s
                  worker:
                    image: registry.example.com/acme/web@%1$s
                """.formatted(DIGEST), ComposeFile.pinOverride(pins));
    }

    @Test
    void theRenderedOverrideIsItselfAValidComposeFile() {
        String yaml = ComposeFile.pinOverride(Map.of(new ServiceName("web"),
                ImageRef.parse("[::1]:5000/acme/web").withDigest(DIGEST)));
        assertEquals("services:\n  web:\n    image: \"[::1]:5000/acme/web@" + DIGEST + "\"\n", yaml);
        assertEquals(List.of("web"), ComposeFile.parse(yaml, "compose.pin.yaml").services());
    }

    @Test
    void aPinNeedsADigest() {
        assertThrows(IllegalArgumentException.class, () -> ComposeFile.pinOverride(
                Map.of(new ServiceName("web"), ImageRef.parse("nginx:1"))));
    }
}
