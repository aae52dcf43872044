package dev.berth.host;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;

/** Reads the one JSON line the agent prints on stdout after a command ({@code {"current":...,"previous":...}}). */
public final class AgentOutput {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AgentOutput() {
    }

    /** The text value of {@code field} in the agent's JSON line, if it printed one with that field set. */
    public static Optional<String> field(ExecResult r, String field) {
        for (String line : r.stdout()) {
            if (line.startsWith("{")) {
                try {
                    JsonNode n = JSON.readTree(line);
                    if (n.hasNonNull(field)) {
                        return Optional.of(n.get(field).asText());
                    }
                } catch (IOException e) {
                    // not the agent's JSON line
                }
            }
        }
        return Optional.empty();
    }
}
