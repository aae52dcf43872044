package dev.berth.verify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.config.HttpCheck;
import dev.berth.domain.AppName;
import dev.berth.domain.EnvName;
import dev.berth.domain.Printable;
import dev.berth.domain.ServiceName;
import dev.berth.host.AgentCommands;
import dev.berth.host.ExecResult;
import dev.berth.host.HostTarget;
import dev.berth.host.HostTransport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks run on a host through the host agent over SSH: {@code check-http} for {@code via: host} HTTP checks and
 * {@code status} for {@code compose: running}. Transport failures propagate as
 * {@link dev.berth.host.HostTransportException}s; an agent that fails or answers something unreadable is a
 * {@link CheckerError}; an application that does not answer or answers wrongly is a failure (the returned detail).
 */
final class HostProbes {

    /** The agent's exit status for "nothing answered at that URL". */
    static final int NO_ANSWER = 5;
    /** Time the SSH command gets beyond the check's own timeout (login, agent start-up). */
    static final Duration SSH_MARGIN = Duration.ofSeconds(30);
    /** Time {@code berth-agent status} may take. */
    static final Duration STATUS_TIMEOUT = Duration.ofSeconds(60);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HostTransport transport;
    private final AgentCommands agent;

    HostProbes(HostTransport transport, AgentCommands agent) {
        this.transport = transport;
        this.agent = agent;
    }

    /** Runs {@code check} from {@code host}; empty when it passes. */
    Optional<String> http(HttpCheck check, HostTarget host) {
        unsupported(check);
        int seconds = (int) Math.min(300, Math.max(1, (check.timeout().toMillis() + 999) / 1000));
        List<String> argv;
        try {
            argv = agent.checkHttp(check.url(), seconds);
        } catch (IllegalArgumentException e) {
            throw new CheckerError("the host agent cannot probe this URL (" + e.getMessage()
                    + "): use via: direct, or a URL of [A-Za-z0-9._~+=:@%/?-]");
        }
        ExecResult result = transport.exec(host, argv, null, null, Duration.ofSeconds(seconds).plus(SSH_MARGIN));
        if (result.exitStatus() == NO_ANSWER) {
            return Optional.of("no answer (" + lastLine(result.stderr()).replaceFirst("^berth-agent: check-http: ", "")
                    + ")");
        }
        JsonNode reply = reply(result, "check-http");
        JsonNode status = reply.get("status");
        JsonNode latency = reply.get("latencyMs");
        JsonNode body = reply.get("body");
        if (status == null || !status.canConvertToInt() || latency == null || !latency.canConvertToLong()
                || body == null || !body.isTextual()) {
            throw new CheckerError("berth-agent check-http answered without status, latencyMs and body: "
                    + Printable.clip(result.stdoutText()));
        }
        return HttpExpectations.evaluate(check.expect(), status.asInt(), body.asText(),
                Duration.ofMillis(latency.asLong()), Map.of());
    }

    /** Checks that every pinned service of {@code app} runs (and is healthy) on {@code host}; empty when so. */
    Optional<String> compose(AppName app, EnvName env, List<ServiceName> services, HostTarget host, String root) {
        ExecResult result = transport.exec(host, agent.status(root, app, env), null, null, STATUS_TIMEOUT);
        JsonNode reply = reply(result, "status");
        JsonNode error = reply.get("composeError");
        if (error != null && !error.isNull()) {
            return Optional.of(printable(error.asText()));
        }
        return ComposeState.evaluate(services, reply.get("services"));
    }

    /** What the agent cannot do: it probes with GET, without request headers, and reports no response headers. */
    private static void unsupported(HttpCheck check) {
        if (!check.method().equals("GET")) {
            throw new CheckerError("via: host probes with GET only, not " + check.method() + ": use via: direct");
        }
        if (!check.headers().isEmpty()) {
            throw new CheckerError("via: host sends no request headers (" + String.join(", ",
                    check.headers().keySet().stream().sorted().toList()) + " given): use via: direct");
        }
        if (!check.expect().headers().isEmpty()) {
            throw new CheckerError("via: host cannot check response headers (expect.headers): use via: direct");
        }
    }

    private static JsonNode reply(ExecResult result, String command) {
        if (!result.ok()) {
            throw new CheckerError("berth-agent " + command + " exited with status " + result.exitStatus() + ": "
                    + Printable.clip(lastLine(result.stderr())));
        }
        String line = lastLine(result.stdout());
        try {
            JsonNode node = JSON.readTree(line);
            if (node == null || !node.isObject()) {
                throw new CheckerError("berth-agent " + command + " printed no JSON object: " + Printable.clip(line));
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new CheckerError("berth-agent " + command + " printed something that is not JSON: "
                    + Printable.clip(line), e);
        }
    }

    /** The agent's own text (at most 300 characters), trimmed, control characters replaced. */
    private static String printable(String text) {
        String trimmed = text.strip();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < trimmed.length() && i < 300; i++) {
            char c = trimmed.charAt(i);
            out.append(Character.isISOControl(c) ? ' ' : c);
        }
        return out.toString();
    }

    private static String lastLine(List<String> lines) {
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }
}
