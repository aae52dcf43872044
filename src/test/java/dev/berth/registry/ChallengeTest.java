package dev.berth.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** WWW-Authenticate parsing, as registries really send it. */
class ChallengeTest {

    static Stream<Arguments> headers() {
        return Stream.of(
                Arguments.of("Docker Hub", "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\","
                        + "scope=\"repository:library/nginx:pull\"",
                        List.of(c("bearer", "realm", "https://auth.docker.io/token", "service", "registry.docker.io",
                                "scope", "repository:library/nginx:pull"))),
                Arguments.of("comma inside a quoted scope", "Bearer realm=\"https://r/token\",service=\"reg\","
                        + "scope=\"repository:acme/web:pull,push\"",
                        List.of(c("bearer", "realm", "https://r/token", "service", "reg", "scope", "repository:acme/web:pull,push"))),
                Arguments.of("missing scope", "Bearer realm=\"https://ghcr.io/token\",service=\"ghcr.io\"",
                        List.of(c("bearer", "realm", "https://ghcr.io/token", "service", "ghcr.io"))),
                Arguments.of("spaces after commas, error param", "Bearer realm=\"https://r/t\", service=\"s\", "
                        + "error=\"insufficient_scope\"",
                        List.of(c("bearer", "realm", "https://r/t", "service", "s", "error", "insufficient_scope"))),
                Arguments.of("case of scheme and names", "BEARER Realm=\"https://r/t\",SERVICE=s",
                        List.of(c("bearer", "realm", "https://r/t", "service", "s"))),
                Arguments.of("basic", "Basic realm=\"Registry Realm\"", List.of(c("basic", "realm", "Registry Realm"))),
                Arguments.of("basic without params", "Basic", List.of(c("basic"))),
                Arguments.of("two challenges in one header", "Basic realm=\"a, b\", Bearer realm=\"https://r/t\",service=\"s\"",
                        List.of(c("basic", "realm", "a, b"), c("bearer", "realm", "https://r/t", "service", "s"))),
                Arguments.of("unquoted URL", "Bearer realm=https://r:5001/auth,service=reg",
                        List.of(c("bearer", "realm", "https://r:5001/auth", "service", "reg"))),
                Arguments.of("escaped quote", "Basic realm=\"say \\\"hi\\\"\"", List.of(c("basic", "realm", "say \"hi\""))),
                Arguments.of("empty value", "Bearer realm=\"\",service=\"s\"", List.of(c("bearer", "realm", "", "service", "s"))),
                Arguments.of("unterminated quote", "Bearer realm=\"https://r/t", List.of(c("bearer", "realm", "https://r/t"))),
                Arguments.of("empty header", "", List.of()),
                Arguments.of("only separators", " , ,", List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("headers")
    void parses(String name, String header, List<Challenge> expected) {
        assertEquals(expected, Challenge.parse(header));
    }

    private static Challenge c(String scheme, String... pairs) {
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            params.put(pairs[i], pairs[i + 1]);
        }
        return new Challenge(scheme, params);
    }
}
