package dev.berth.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageRefTest {

    @ParameterizedTest
    @CsvSource({
        "nginx,                                   docker.io/library/nginx,     ,",
        "nginx:1.27,                              docker.io/library/nginx,     1.27,",
        "acme/web:2.0.1,                          docker.io/acme/web,          2.0.1,",
        "index.docker.io/acme/web,                docker.io/acme/web,          ,",
        "registry-1.docker.io/library/redis:7,    docker.io/library/redis,     7,",
        "ghcr.io/octo-org/hello_docker:main,      ghcr.io/octo-org/hello_docker, main,",
        "127.0.0.1:5000/acme/web:v1,              127.0.0.1:5000/acme/web,     v1,",
        "localhost/acme/web,                      localhost/acme/web,          ,",
        "Registry.Example.com/acme/web,           registry.example.com/acme/web, ,",
    })
    void normalizesLikeDocker(String reference, String repository, String tag, String unused) {
        ImageRef ref = ImageRef.parse(reference);
        assertEquals(repository, ref.repository());
        assertEquals(tag, ref.tag() == null ? null : ref.tag().value());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "Acme/Web", "acme//web", "acme/web:", "acme/web:$(id)", "acme/web;id",
            "acme/web@sha256:abc", "acme/../web", "acme/web:a b", "-acme/web"})
    void refusesInvalidReferences(String reference) {
        assertThrows(IllegalArgumentException.class, () -> ImageRef.parse(reference));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "sha256:", "sha256:xyz", "md5:0123", "sha256:0123456789abcdef"})
    void digestParseIsLenientButConstructionStrict(String value) {
        assertEquals(java.util.Optional.empty(), Digest.parse(value));
        assertThrows(IllegalArgumentException.class, () -> new Digest(value));
    }
}
