package dev.berth.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads {@code track:} into a {@link TrackPolicy}. */
final class TrackReader {

    static final List<String> KEYS = List.of("semver", "regex", "newest", "tag", "exclude", "poll");
    private static final List<String> KINDS = List.of("semver", "regex", "newest", "tag");
    /** Shortest poll interval: a registry is asked at most this often per app. */
    static final java.time.Duration MIN_POLL = java.time.Duration.ofSeconds(1);
    static final java.time.Duration MAX_POLL = java.time.Duration.ofDays(1);

    private TrackReader() {
    }

    static Optional<TrackPolicy> read(YamlMap track) {
        track.allow(KEYS);
        List<TagRegex> exclude = new ArrayList<>();
        track.list("exclude").ifPresent(items -> {
            for (int i = 0; i < items.size(); i++) {
                Nodes.parsed(items.get(i), track.child("exclude") + "[" + i + "]", track.problems(), TagRegex::compile)
                        .ifPresent(exclude::add);
            }
        });
        List<String> given = KINDS.stream().filter(track::has).toList();
        if (given.size() != 1) {
            track.problems().add(track.node(), track.path(), given.isEmpty()
                    ? "needs one of semver, regex, newest or tag"
                    : "choose one of semver, regex, newest or tag, not " + String.join(" and ", given));
            return Optional.empty();
        }
        return switch (given.get(0)) {
            case "semver" -> track.parsed("semver", SemverRange::parse)
                    .map(range -> new TrackPolicy.SemverTrack(range, exclude));
            case "regex" -> track.parsed("regex", TagRegex::compile)
                    .map(regex -> new TrackPolicy.RegexTrack(regex, exclude));
            case "tag" -> floating(track, exclude);
            default -> track.parsed("newest", TrackReader::yes).map(yes -> new TrackPolicy.NewestTrack(exclude));
        };
    }

    private static Optional<TrackPolicy> floating(YamlMap track, List<TagRegex> exclude) {
        if (!exclude.isEmpty()) {
            track.problems().add(track.value("exclude").orElse(track.node()), track.child("exclude"),
                    "does not apply to a single floating tag");
            return Optional.empty();
        }
        return track.parsed("tag", dev.berth.domain.Tag::new).map(TrackPolicy.FloatingTrack::new);
    }

    /** {@code track.poll}: how often berth polls the registry for this app; empty when absent. */
    static Optional<java.time.Duration> poll(YamlMap track) {
        if (!track.has("poll")) {
            return Optional.empty();
        }
        return track.parsed("poll", TrackReader::interval);
    }

    private static java.time.Duration interval(String text) {
        java.time.Duration d = Durations.parse(text);
        if (d.compareTo(MIN_POLL) < 0 || d.compareTo(MAX_POLL) > 0) {
            throw new IllegalArgumentException("'" + dev.berth.domain.Printable.clip(text)
                    + "' is outside 1s to 1d (how often berth asks the registry for new tags)");
        }
        return d;
    }

    private static Boolean yes(String text) {
        if (!text.equals("true")) {
            throw new IllegalArgumentException("'" + dev.berth.domain.Printable.clip(text)
                    + "' is not true (newest: true tracks every tag; use semver or regex to narrow it)");
        }
        return true;
    }

}
