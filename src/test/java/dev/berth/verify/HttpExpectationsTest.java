package dev.berth.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.config.HttpExpectation;
import dev.berth.config.TagRegex;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One HTTP answer against one expectation; {@code null} expected detail means it passes. */
class HttpExpectationsTest {

    private static final String JSON = "{\"status\":\"UP\",\"count\":1,\"ratio\":1.5,\"ok\":true,\"gone\":null,"
            + "\"db\":{\"state\":\"UP\",\"pool\":[3,4]},\"items\":[{\"name\":\"a\"},{\"name\":\"b\"}],\"a/b\":\"x\"}";
    private static final Duration FAST = Duration.ofMillis(20);
    private static final Map<String, List<String>> HEADERS = Map.of("content-type", List.of("application/json"),
            "x-version", List.of("1", "2"));

    static Stream<Arguments> table() {
        return Stream.of(
                // status sets and the 2xx default
                row("any 2xx by default: 200", expect(), 200, "", null),
                row("any 2xx by default: 204", expect(), 204, "", null),
                row("any 2xx by default: 299", expect(), 299, "", null),
                row("default refuses 301", expect(), 301, "", "status 301, expected 2xx"),
                row("default refuses 500", expect(), 500, "", "status 500, expected 2xx"),
                row("one status given", statuses(200), 200, "", null),
                row("one status refuses another 2xx", statuses(200), 204, "", "status 204, expected 200"),
                row("status set", statuses(200, 204), 204, "", null),
                row("status set refuses", statuses(200, 204), 500, "", "status 500, expected one of 200, 204"),
                row("expecting a redirect", statuses(302), 302, "", null),
                row("expecting 503 on purpose", statuses(503), 503, "", null),
                // bodyContains and bodyRegex (find semantics)
                row("body contains", contains("ok"), 200, "all ok here", null),
                row("body lacks", contains("ok"), 200, "DOWN", "body lacks 'ok' (body starts 'DOWN')"),
                row("empty body lacks", contains("ok"), 200, "", "body lacks 'ok' (empty body)"),
                row("contains is case-sensitive", contains("OK"), 200, "ok", "body lacks 'OK' (body starts 'ok')"),
                row("regex finds inside", regex("\"version\":\"1\\."), 200, "{\"version\":\"1.4.2\"}", null),
                row("regex finds nothing", regex("^v2"), 200, "v1.0",
                        "body has no match of /^v2/ (body starts 'v1.0')"),
                row("anchored regex matching whole body", regex("^ok$"), 200, "ok", null),
                // JSON pointers compared as text
                row("pointer to a string", pointer("/status", "UP"), 200, JSON, null),
                row("pointer nested", pointer("/db/state", "UP"), 200, JSON, null),
                row("pointer to an array element", pointer("/items/1/name", "b"), 200, JSON, null),
                row("pointer into an array of numbers", pointer("/db/pool/0", "3"), 200, JSON, null),
                row("number 1 equals text 1", pointer("/count", "1"), 200, JSON, null),
                row("number 1 is not text 1.0", pointer("/count", "1.0"), 200, JSON,
                        "JSON /count is '1', expected '1.0'"),
                row("decimal number", pointer("/ratio", "1.5"), 200, JSON, null),
                row("boolean as text", pointer("/ok", "true"), 200, JSON, null),
                row("null as text", pointer("/gone", "null"), 200, JSON, null),
                row("object compared as compact JSON", pointer("/db/pool", "[3,4]"), 200, JSON, null),
                row("escaped slash in a key", pointer("/a~1b", "x"), 200, JSON, null),
                row("wrong value", pointer("/status", "DOWN"), 200, JSON, "JSON /status is 'UP', expected 'DOWN'"),
                row("missing member", pointer("/db/missing", "UP"), 200, JSON,
                        "JSON /db/missing is missing, expected 'UP'"),
                row("index past the end", pointer("/items/5/name", "a"), 200, JSON,
                        "JSON /items/5/name is missing, expected 'a'"),
                row("body that is not JSON", pointer("/status", "UP"), 200, "UP",
                        "body is not JSON (body starts 'UP')"),
                row("empty body is not JSON", pointer("/status", "UP"), 200, "", "body is not JSON (empty)"),
                row("pointers checked in order", new HttpExpectation(List.of(), Optional.empty(), Optional.empty(),
                        Map.of("/status", "UP", "/db/state", "DOWN", "/count", "2"), Optional.empty(), Map.of()),
                        200, JSON, "JSON /count is '1', expected '2'"),
                // latency
                row("within maxLatency", latency(500), 200, "", null),
                row("exactly maxLatency", latency(20), 200, "", null),
                row("maxLatency exceeded", latency(10), 200, "",
                        "answered in 20 ms, slower than maxLatency 10 ms"),
                // response headers
                row("header present", header("Content-Type", "application/json"), 200, "", null),
                row("header name case-insensitive", header("CONTENT-TYPE", "application/json"), 200, "", null),
                row("any of several values", header("X-Version", "2"), 200, "", null),
                row("header value differs", header("Content-Type", "text/plain"), 200, "",
                        "header Content-Type is 'application/json', expected 'text/plain'"),
                row("header missing", header("X-Missing", "1"), 200, "", "header X-Missing is missing, expected '1'"),
                // order: status is reported before anything else
                row("status before body", new HttpExpectation(List.of(200), Optional.of("ok"), Optional.empty(),
                        Map.of(), Optional.empty(), Map.of()), 500, "error", "status 500, expected 200"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void evaluates(String name, HttpExpectation expectation, int status, String body, String expected) {
        assertEquals(Optional.ofNullable(expected),
                HttpExpectations.evaluate(expectation, status, body, FAST, HEADERS));
    }

    private static Arguments row(String name, HttpExpectation e, int status, String body, String detail) {
        return Arguments.of(name, e, status, body, detail);
    }

    private static HttpExpectation expect() {
        return HttpExpectation.DEFAULT;
    }

    private static HttpExpectation statuses(Integer... codes) {
        return new HttpExpectation(List.of(codes), Optional.empty(), Optional.empty(), Map.of(), Optional.empty(),
                Map.of());
    }

    private static HttpExpectation contains(String text) {
        return new HttpExpectation(List.of(), Optional.of(text), Optional.empty(), Map.of(), Optional.empty(),
                Map.of());
    }

    private static HttpExpectation regex(String regex) {
        return new HttpExpectation(List.of(), Optional.empty(), Optional.of(TagRegex.compile(regex)), Map.of(),
                Optional.empty(), Map.of());
    }

    private static HttpExpectation pointer(String pointer, String value) {
        return new HttpExpectation(List.of(), Optional.empty(), Optional.empty(), Map.of(pointer, value),
                Optional.empty(), Map.of());
    }

    private static HttpExpectation latency(long millis) {
        return new HttpExpectation(List.of(), Optional.empty(), Optional.empty(), Map.of(),
                Optional.of(Duration.ofMillis(millis)), Map.of());
    }

    private static HttpExpectation header(String name, String value) {
        return new HttpExpectation(List.of(), Optional.empty(), Optional.empty(), Map.of(), Optional.empty(),
                Map.of(name, value));
    }
}
