package dev.berth.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a passing HTTP answer looks like. Every condition given must hold.
 *
 * @param statuses     accepted status codes; empty means any 2xx
 * @param bodyContains a substring the body must contain
 * @param bodyRegex    a regex the body must contain a match of
 * @param jsonPointer  JSON pointer ({@code /status}) to the expected value, compared as text ({@code UP}, {@code 3},
 *                     {@code true})
 * @param maxLatency   slowest acceptable answer
 * @param headers      response headers that must be present with exactly this value (names case-insensitive)
 */
public record HttpExpectation(List<Integer> statuses, Optional<String> bodyContains, Optional<TagRegex> bodyRegex,
        Map<String, String> jsonPointer, Optional<Duration> maxLatency, Map<String, String> headers) {

    /** Any 2xx, nothing else checked. */
    public static final HttpExpectation DEFAULT = new HttpExpectation(List.of(), Optional.empty(), Optional.empty(),
            Map.of(), Optional.empty(), Map.of());

    public HttpExpectation {
        statuses = List.copyOf(statuses);
        for (int s : statuses) {
            if (s < 100 || s > 599) {
                throw new IllegalArgumentException("status " + s + " is not from 100 to 599");
            }
        }
        jsonPointer = Map.copyOf(jsonPointer);
        for (String pointer : jsonPointer.keySet()) {
            if (!pointer.isEmpty() && !pointer.startsWith("/")) {
                throw new IllegalArgumentException("'" + dev.berth.domain.Printable.clip(pointer)
                        + "' is not a JSON pointer (it starts with /, e.g. /status)");
            }
        }
        headers = Map.copyOf(headers);
        headers.forEach(Headers::check);
    }

    /** Whether {@code status} passes: one of {@link #statuses()}, or any 2xx when none is given. */
    public boolean acceptsStatus(int status) {
        return statuses.isEmpty() ? status >= 200 && status <= 299 : statuses.contains(status);
    }
}
