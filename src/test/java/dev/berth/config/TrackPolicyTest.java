package dev.berth.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.domain.Tag;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrackPolicyTest {

    private static final List<TagRegex> EXCLUDE = List.of(TagRegex.compile("-rc"), TagRegex.compile("^dev-"));
    private static final TrackPolicy SEMVER = new TrackPolicy.SemverTrack(SemverRange.parse("^1.2.0"), EXCLUDE);
    private static final TrackPolicy REGEX = new TrackPolicy.RegexTrack(TagRegex.compile("^main-[0-9a-f]{7}$"), EXCLUDE);
    private static final TrackPolicy NEWEST = new TrackPolicy.NewestTrack(EXCLUDE);

    @ParameterizedTest(name = "{0}: semver {1}, regex {2}, newest {3}")
    @CsvSource(textBlock = """
            1.2.0,          true,  false, true
            v1.9.3,         true,  false, true
            2.0.0,          false, false, true
            1.3.0-rc.1,     false, false, false
            1.3.0-beta.1,   false, false, true
            main-0a1b2c3,   false, true,  true
            main-0a1b2c3d,  false, false, true
            dev-main-0a1b2c3, false, false, false
            latest,         false, false, true
            """)
    void excludeAppliesToEveryPolicy(String tag, boolean semver, boolean regex, boolean newest) {
        Tag t = new Tag(tag);
        assertEquals(semver, SEMVER.accepts(t));
        assertEquals(regex, REGEX.accepts(t));
        assertEquals(newest, NEWEST.accepts(t));
    }

    @Test
    void semverOrdersByVersionWhateverThePushOrder() {
        PushedTag older = pushed("1.10.0", 1);
        PushedTag newerPush = pushed("1.9.0", 2);
        assertTrue(SEMVER.isNewer(older, newerPush), "1.10.0 is newer than 1.9.0 even when pushed first");
        assertFalse(SEMVER.isNewer(newerPush, older));
        assertTrue(SEMVER.isNewer(pushed("v1.2.3", 5), pushed("1.2.3", 4)), "equal versions: the latest push wins");
    }

    @Test
    void regexAndNewestOrderByPushTime() {
        PushedTag first = pushed("main-fffffff", 1);
        PushedTag second = pushed("main-0000000", 2);
        for (TrackPolicy policy : List.of(REGEX, NEWEST)) {
            assertTrue(policy.isNewer(second, first));
            assertFalse(policy.isNewer(first, second));
        }
    }

    private static PushedTag pushed(String tag, long second) {
        return new PushedTag(new Tag(tag), Instant.ofEpochSecond(second));
    }
}
