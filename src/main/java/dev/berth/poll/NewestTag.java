package dev.berth.poll;

import dev.berth.config.PushedTag;
import dev.berth.config.TrackPolicy;
import dev.berth.domain.Tag;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The tag a poll deploys from a listing. A listing has no push times: for a semver policy the highest accepted
 * version is the newest; for regex and newest policies, a tag that appeared since the previous listing is a push (the
 * last such tag in the registry's order, which is lexical for Distribution), and the first listing after berth starts
 * is only the baseline.
 */
final class NewestTag {

    private NewestTag() {
    }

    /**
     * @param listed   the tags now, in the registry's order
     * @param previous the tags of the previous listing, or empty for the first listing since start
     */
    static Optional<Tag> pick(TrackPolicy policy, List<Tag> listed, Optional<Set<Tag>> previous) {
        List<Tag> accepted = listed.stream().filter(policy::accepts).toList();
        if (policy instanceof TrackPolicy.SemverTrack semver) {
            return accepted.stream().map(t -> new PushedTag(t, Instant.EPOCH)).max(semver.order()).map(PushedTag::tag);
        }
        if (previous.isEmpty()) {
            return Optional.empty();
        }
        Collection<Tag> seen = previous.get();
        Tag last = null;
        for (Tag tag : accepted) {
            if (!seen.contains(tag)) {
                last = tag;
            }
        }
        return Optional.ofNullable(last);
    }
}
