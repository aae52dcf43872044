package dev.berth.webhook;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;

/**
 * The message of a 400 for a body Jackson refused. Jackson's own messages name its classes and methods (for example
 * {@code StreamReadConstraints.getMaxNestingDepth()}); an answer never shows them, only what was wrong and where.
 */
final class JsonErrors {

    static final String LIMIT = "body exceeds a JSON parser limit (nesting depth 1000, numbers of 1000 digits, "
            + "strings of 20,000,000 characters)";

    private JsonErrors() {
    }

    /** "body is not valid JSON (line N)", or the parser-limit message. Never null, never a class name. */
    static String describe(JacksonException e) {
        if (e instanceof StreamConstraintsException) {
            return LIMIT;
        }
        if (e.getLocation() == null || e.getLocation().getLineNr() < 1) {
            return "body is not valid JSON";
        }
        return "body is not valid JSON (line " + e.getLocation().getLineNr() + ")";
    }
}
