package dev.berth.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.domain.Printable;
import java.io.IOException;

/** The error code of a registry's JSON error body ({@code {"errors":[{"code":"MANIFEST_UNKNOWN",...}]}}). */
final class ErrorBody {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ErrorBody() {
    }

    /** {@code " (CODE: message)"} for a registry error body, empty for anything else. */
    static String detail(byte[] body) {
        String code = code(body);
        return code.isEmpty() ? "" : " (" + code + ")";
    }

    /** {@code "CODE: message"} for a registry error body, empty for anything else. */
    static String code(byte[] body) {
        if (body == null || body.length == 0) {
            return "";
        }
        try {
            JsonNode first = JSON.readTree(body).path("errors").path(0);
            String code = first.path("code").asText("");
            String message = first.path("message").asText("");
            if (code.isEmpty()) {
                return "";
            }
            return Printable.clip(code) + (message.isEmpty() ? "" : ": " + Printable.clip(message));
        } catch (IOException e) {
            return "";
        }
    }
}
