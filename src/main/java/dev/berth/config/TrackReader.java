package dev.berth.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads {@code track:} into a {@link TrackPolicy}. */
final class TrackReader {

    static final List<String> KEYS = List.of("semver", "regex", "newest", "exclude");
    private static final List<String> KINDS = List.of("semver", "regex", "newest");

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
                    ? "needs one of semver, regex or newest"
                    : "choose one of semver, regex or newest, not " + String.join(" and ", given));
            return Optional.empty();
        }
        return switch (given.get(0)) {
            case "semver" -> track.parsed("semver", SemverRange::parse)
                    .map(range -> new TrackPolicy.SemverTrack(range, exclude));
            case "regex" -> track.parsed("regex", TagRegex::compile)
                    .map(regex -> new TrackPolicy.RegexTrack(regex, exclude));
            default -> track.parsed("newest", TrackReader::yes).map(yes -> new TrackPolicy.NewestTrack(exclude));
        };
    }

    private static Boolean yes(String text) {
        if (!text.equals("true")) {
            throw new IllegalArgumentException("'" + dev.berth.domain.Printable.clip(text)
                    + "' is not true (newest: true tracks every tag; use semver or regex to narrow it)");
        }
        return true;
    }

}
