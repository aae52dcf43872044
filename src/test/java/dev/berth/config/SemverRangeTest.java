package dev.berth.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** npm's semver range rules, as node-semver's own test tables state them (range, version, satisfied). */
class SemverRangeTest {

    @ParameterizedTest(name = "{0} ∋ {1} = {2}")
    @CsvSource(textBlock = """
            >=1.0.0 <2.0.0      , 1.0.0           , true
            >=1.0.0 <2.0.0      , 1.9.99          , true
            >=1.0.0 <2.0.0      , 2.0.0           , false
            >=1.0.0 <2.0.0      , 0.9.9           , false
            >=1.0.0 <2.0.0      , v1.4.2          , true
            >=1.0.0 <2.0.0      , V1.4.2          , true
            >= 1.0.0 < 2.0.0    , 1.5.0           , true
            >1.2.3              , 1.2.3           , false
            >1.2.3              , 1.2.4           , true
            <=1.2.3             , 1.2.3           , true
            <1.2.3              , 1.2.3           , false
            =1.2.3              , 1.2.3           , true
            1.2.3               , v1.2.3          , true
            1.2.3               , 1.2.4           , false
            1.x                 , 1.99.0          , true
            1.x                 , 2.0.0           , false
            1.2.*               , 1.2.7           , true
            1.2.*               , 1.3.0           , false
            1                   , 1.0.0           , true
            1.2                 , 1.2.9           , true
            *                   , 9.9.9           , true
            x                   , 0.0.0           , true
            >1                  , 1.9.9           , false
            >1                  , 2.0.0           , true
            >1.2                , 1.3.0           , true
            <1.2                , 1.1.9           , true
            <1.2                , 1.2.0           , false
            <=1.2               , 1.2.99          , true
            <=1.2               , 1.3.0           , false
            ^1.2.3              , 1.2.3           , true
            ^1.2.3              , 1.9.0           , true
            ^1.2.3              , 2.0.0           , false
            ^1.2.3              , 1.2.2           , false
            ^0.2.3              , 0.2.9           , true
            ^0.2.3              , 0.3.0           , false
            ^0.0.3              , 0.0.3           , true
            ^0.0.3              , 0.0.4           , false
            ^0.x                , 0.9.0           , true
            ^1.2.x              , 1.9.9           , true
            ~1.2.3              , 1.2.9           , true
            ~1.2.3              , 1.3.0           , false
            ~1.2                , 1.2.0           , true
            ~1                  , 1.9.0           , true
            ~1                  , 2.0.0           , false
            ~>1.2.3             , 1.2.5           , true
            1.2.3 - 2.3.4       , 2.3.4           , true
            1.2.3 - 2.3.4       , 2.3.5           , false
            1.2 - 2.3           , 2.3.9           , true
            1.2 - 2.3           , 1.1.9           , false
            1.x || >=3.0.0      , 2.0.0           , false
            1.x || >=3.0.0      , 3.1.0           , true
            1.x || >=3.0.0      , 1.0.0           , true
            ^1.0.0              , 1.2.3-beta.1    , false
            >=1.0.0 <2.0.0      , 1.5.0-rc.1      , false
            *                   , 1.0.0-alpha     , false
            >=1.2.3-beta.1      , 1.2.3-beta.2    , true
            >=1.2.3-beta.1      , 1.2.3           , true
            >=1.2.3-beta.1      , 1.2.4-beta.1    , false
            >1.2.3-alpha.3      , 1.2.3-alpha.7   , true
            >1.2.3-alpha.3      , 3.4.5-alpha.9   , false
            ^1.2.3-beta.2       , 1.2.3-beta.4    , true
            ^1.2.3-beta.2       , 1.2.4-beta.2    , false
            ~1.2.3-beta.2       , 1.2.3-beta.10   , true
            ^1.0.0              , 2.0.0-0         , false
            ^1.0.0              , 1.0.0-rc.1      , false
            1.2.3-rc.1          , 1.2.3-rc.1      , true
            >=1.0.0             , 1.0             , false
            >=1.0.0             , latest          , false
            >=1.0.0             , 01.2.3          , false
            >=1.0.0             , 1.2.3.4         , false
            """)
    void rangeAcceptsOrRejects(String range, String version, boolean satisfied) {
        assertEquals(satisfied, Semver.parse(version).map(SemverRange.parse(range)::test).orElse(false));
    }

    @ParameterizedTest
    @ValueSource(strings = {">=1.0.0 <two", "1.2.3.4", "^^1.2.3", ">=", "1.2.3 -", "1.2.3-", "a.b.c", "~1.2.3 - 2",
            "1.2.3 - >2.0.0", " "})
    void unreadableRangesAreRefused(String range) {
        assertThrows(IllegalArgumentException.class, () -> SemverRange.parse(range));
    }

    @Test
    void versionsSortBySemverPrecedence() {
        List<String> ordered = List.of("1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
                "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.2.0", "1.10.0", "2.0.0", "10.0.0");
        List<Semver> shuffled = new ArrayList<>(ordered.stream().map(Semver::of).toList());
        Collections.shuffle(shuffled, new java.util.Random(7));
        Collections.sort(shuffled);
        assertEquals(ordered, shuffled.stream().map(Semver::toString).toList());
        assertEquals(0, Semver.of("v1.2.3").compareTo(Semver.of("1.2.3")));
        assertTrue(Semver.of("1.2.3+build.9").compareTo(Semver.of("1.2.3")) == 0);
    }
}
