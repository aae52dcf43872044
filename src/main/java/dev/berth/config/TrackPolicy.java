package dev.berth.config;

import dev.berth.domain.Tag;
import java.util.Comparator;
import java.util.List;

/**
 * Which pushed tags of the image an app deploys, and which of two accepted tags is newer. A tag that matches any
 * {@link #exclude()} regex is never accepted, whatever the policy.
 */
public sealed interface TrackPolicy permits TrackPolicy.SemverTrack, TrackPolicy.RegexTrack, TrackPolicy.NewestTrack,
        TrackPolicy.FloatingTrack {

    /** Push order, then tag text so the order is total. */
    Comparator<PushedTag> PUSH_ORDER = Comparator.comparing(PushedTag::pushedAt)
            .thenComparing(p -> p.tag().value());

    List<TagRegex> exclude();

    /** Whether the policy itself matches the tag, before exclusions. */
    boolean matches(Tag tag);

    /** Orders accepted tags from oldest to newest. */
    Comparator<PushedTag> order();

    /** Whether berth deploys this tag: not excluded, and matched by the policy. */
    default boolean accepts(Tag tag) {
        return exclude().stream().noneMatch(r -> r.find(tag.value())) && matches(tag);
    }

    /** Whether {@code candidate} should replace {@code current} (both accepted). */
    default boolean isNewer(PushedTag candidate, PushedTag current) {
        return order().compare(candidate, current) > 0;
    }

    /** Tags that are semantic versions within {@code range}; the highest version is the newest. */
    record SemverTrack(SemverRange range, List<TagRegex> exclude) implements TrackPolicy {

        public SemverTrack {
            exclude = List.copyOf(exclude);
        }

        @Override
        public boolean matches(Tag tag) {
            return Semver.parse(tag.value()).map(range::test).orElse(false);
        }

        /** Semver precedence; equal versions ({@code 1.2.3} and {@code v1.2.3}) by push order. */
        @Override
        public Comparator<PushedTag> order() {
            return Comparator.<PushedTag, Semver>comparing(p -> Semver.parse(p.tag().value())
                    .orElse(new Semver(0, 0, 0, List.of("0")))).thenComparing(PUSH_ORDER);
        }
    }

    /** Tags in which {@code pattern} finds a match; the latest push is the newest. */
    record RegexTrack(TagRegex pattern, List<TagRegex> exclude) implements TrackPolicy {

        public RegexTrack {
            exclude = List.copyOf(exclude);
        }

        @Override
        public boolean matches(Tag tag) {
            return pattern.find(tag.value());
        }

        @Override
        public Comparator<PushedTag> order() {
            return PUSH_ORDER;
        }
    }

    /** Every tag (except exclusions); the latest push is the newest. */
    record NewestTrack(List<TagRegex> exclude) implements TrackPolicy {

        public NewestTrack {
            exclude = List.copyOf(exclude);
        }

        @Override
        public boolean matches(Tag tag) {
            return true;
        }

        @Override
        public Comparator<PushedTag> order() {
            return PUSH_ORDER;
        }
    }

    /**
     * One floating tag ({@code latest}, {@code stable}, {@code main}): deployed whenever the digest it names changes.
     * A poll asks for that tag's digest only (a HEAD, no tag listing); every digest is pinned like any release.
     */
    record FloatingTrack(dev.berth.domain.Tag tag) implements TrackPolicy {

        public FloatingTrack {
            java.util.Objects.requireNonNull(tag, "tag");
        }

        @Override
        public List<TagRegex> exclude() {
            return List.of();
        }

        @Override
        public boolean matches(Tag candidate) {
            return tag.equals(candidate);
        }

        @Override
        public Comparator<PushedTag> order() {
            return PUSH_ORDER;
        }
    }
}
