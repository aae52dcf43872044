package dev.berth.verify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.domain.Printable;
import dev.berth.domain.ServiceName;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Judges the {@code services} array of {@code berth-agent status}: every service berth pins must have at least one
 * container, every container of it must be {@code running}, and healthy wherever a health state is reported
 * ({@code starting} is not healthy yet). Services of the stack that berth does not pin (a database) are not judged.
 */
final class ComposeState {

    private ComposeState() {
    }

    /** @return empty when every service runs (and is healthy), else the first problem found, in service order */
    static Optional<String> evaluate(List<ServiceName> services, JsonNode containers) {
        if (containers == null || !containers.isArray()) {
            throw new CheckerError("berth-agent status answered without a services list");
        }
        for (ServiceName service : services) {
            List<JsonNode> mine = new ArrayList<>();
            containers.forEach(c -> {
                if (service.value().equals(c.path("service").asText(null))) {
                    mine.add(c);
                }
            });
            if (mine.isEmpty()) {
                return Optional.of("service " + service.value() + " has no container");
            }
            for (JsonNode c : mine) {
                String state = text(c, "state");
                if (!"running".equals(state.toLowerCase(Locale.ROOT))) {
                    return Optional.of("service " + service.value() + " is "
                            + (state.isEmpty() ? "in no reported state" : Printable.clip(state)) + ", expected running");
                }
                String health = text(c, "health");
                if (!health.isEmpty() && !"healthy".equals(health.toLowerCase(Locale.ROOT))) {
                    return Optional.of("service " + service.value() + " is running but " + Printable.clip(health)
                            + ", expected healthy");
                }
            }
        }
        return Optional.empty();
    }

    private static String text(JsonNode container, String field) {
        JsonNode value = container.path(field);
        return value.isTextual() ? value.asText() : "";
    }
}
