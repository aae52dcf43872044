package dev.berth.gitops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.domain.Digest;
import dev.berth.domain.Printable;
import dev.berth.domain.ReleaseId;
import dev.berth.host.ExecResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one host reports for an app environment through {@code berth-agent status}: the release {@code current}
 * points at and the containers of the compose project.
 *
 * @param composeError the agent could not list the containers (no compose command, {@code ps} failed)
 */
public record HostStatus(Optional<ReleaseId> current, List<Container> containers, Optional<String> composeError) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public HostStatus {
        containers = List.copyOf(containers);
    }

    /**
     * One container as the agent reports it.
     *
     * @param image the image as the compose tool prints it ({@code repo@sha256:...} when started from a pin)
     */
    public record Container(String service, String image, String state) {

        private static final Pattern PINNED = Pattern.compile(".*@(sha256:[0-9a-f]{64})");

        /** The digest the container was started from, when its image names one. */
        public Optional<Digest> digest() {
            Matcher m = image == null ? null : PINNED.matcher(image);
            return m != null && m.matches() ? Optional.of(new Digest(m.group(1))) : Optional.empty();
        }
    }

    /** Reads the agent's answer; a failed command or unreadable output is a {@link DriftCheckFailed}. */
    public static HostStatus parse(ExecResult result) {
        if (!result.ok()) {
            throw new DriftCheckFailed("berth-agent status exited with status " + result.exitStatus() + ": "
                    + Printable.clip(last(result.stderr())));
        }
        String line = last(result.stdout());
        JsonNode reply;
        try {
            reply = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new DriftCheckFailed("berth-agent status printed something that is not JSON: "
                    + Printable.clip(line), e);
        }
        if (reply == null || !reply.isObject() || !reply.has("current") || !reply.path("services").isArray()) {
            throw new DriftCheckFailed("berth-agent status answered without current and services: "
                    + Printable.clip(line));
        }
        Optional<ReleaseId> current;
        try {
            current = reply.get("current").isTextual() ? Optional.of(new ReleaseId(reply.get("current").asText()))
                    : Optional.empty();
        } catch (IllegalArgumentException e) {
            throw new DriftCheckFailed("berth-agent status reported an invalid current release: " + e.getMessage());
        }
        List<Container> containers = new ArrayList<>();
        reply.get("services").forEach(c -> containers.add(new Container(text(c, "service"), text(c, "image"),
                text(c, "state"))));
        JsonNode error = reply.get("composeError");
        return new HostStatus(current, containers, error == null || error.isNull() ? Optional.empty()
                : Optional.of(Printable.clip(error.asText())));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? value.asText() : null;
    }

    private static String last(List<String> lines) {
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }
}
