package dev.berth.config;

import dev.berth.domain.Tag;
import java.time.Instant;

/** A tag as it was pushed: the registry's push time decides order for push-ordered policies and breaks ties. */
public record PushedTag(Tag tag, Instant pushedAt) {

    public PushedTag {
        if (tag == null || pushedAt == null) {
            throw new IllegalArgumentException("a pushed tag needs a tag and a push time");
        }
    }
}
