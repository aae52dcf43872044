package dev.berth.poll;

import dev.berth.domain.Digest;
import dev.berth.domain.Tag;
import java.util.Optional;

/**
 * What one poll of an app saw: the newest tag its policy accepts and the digest it names, or nothing (no tag
 * matches, or the repository does not exist yet). Stored as {@code tag@digest} or {@code -}.
 */
record Observation(Optional<Tag> tag, Optional<Digest> digest) {

    static final Observation NOTHING = new Observation(Optional.empty(), Optional.empty());

    static Observation of(Tag tag, Digest digest) {
        return new Observation(Optional.of(tag), Optional.of(digest));
    }

    boolean isNothing() {
        return tag.isEmpty();
    }

    String wire() {
        return tag.map(t -> t.value() + "@" + digest.orElseThrow().value()).orElse("-");
    }

    static Optional<Observation> parse(String wire) {
        if (wire == null) {
            return Optional.empty();
        }
        if (wire.equals("-")) {
            return Optional.of(NOTHING);
        }
        int at = wire.lastIndexOf('@');
        try {
            return Optional.of(of(new Tag(wire.substring(0, at)), new Digest(wire.substring(at + 1))));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
