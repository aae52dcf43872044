package dev.berth.config;

import dev.berth.domain.Printable;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A regular expression from app.yaml, compiled once at parse time. Matching uses {@code find()}: anchor with
 * {@code ^...$} to match whole values. Equality is by source text.
 */
public record TagRegex(String source, Pattern pattern) {

    /** Longest regex accepted: tag regexes are short, and a bound keeps pathological patterns out. */
    public static final int MAX_LENGTH = 256;

    public TagRegex {
        if (source == null || pattern == null || !pattern.pattern().equals(source)) {
            throw new IllegalArgumentException("use TagRegex.compile");
        }
    }

    public static TagRegex compile(String source) {
        if (source == null || source.isEmpty() || source.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("a regex must have 1 to " + MAX_LENGTH + " characters");
        }
        try {
            return new TagRegex(source, Pattern.compile(source));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("'" + Printable.clip(source) + "' is not a valid regex: "
                    + e.getDescription() + (e.getIndex() >= 0 ? " at index " + e.getIndex() : ""));
        }
    }

    public boolean find(String text) {
        return pattern.matcher(text).find();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TagRegex other && other.source.equals(source);
    }

    @Override
    public int hashCode() {
        return source.hashCode();
    }

    @Override
    public String toString() {
        return source;
    }
}
