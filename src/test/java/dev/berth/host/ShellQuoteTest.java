package dev.berth.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ShellQuoteTest {

    /** An argument, and how it must appear in the command line. */
    static Stream<Arguments> table() {
        return Stream.of(
                // berth's grammar values pass unquoted (the agent's forced-command mode splits on whitespace)
                arguments("prepare", "prepare"),
                arguments("sha256:0123abcdef", "sha256:0123abcdef"),
                arguments("registry.example.com/acme/web@sha256:ab12", "registry.example.com/acme/web@sha256:ab12"),
                arguments("/opt/apps/web/staging", "/opt/apps/web/staging"),
                arguments("--root=/opt/apps", "--root=/opt/apps"),
                arguments("a,b+c%d_e-f.g:h", "a,b+c%d_e-f.g:h"),
                // everything else is single-quoted, a ' inside becomes '\''
                arguments("", "''"),
                arguments("two words", "'two words'"),
                arguments("it's", "'it'\\''s'"),
                arguments("''", "''\\'''\\'''"),
                arguments("$(touch /tmp/x)", "'$(touch /tmp/x)'"),
                arguments("`id`", "'`id`'"),
                arguments("$HOME", "'$HOME'"),
                arguments("a;b", "'a;b'"),
                arguments("a|b&c>d<e", "'a|b&c>d<e'"),
                arguments("*", "'*'"),
                arguments("~root", "'~root'"),
                arguments("x\\y", "'x\\y'"),
                arguments("a\"b", "'a\"b'"),
                arguments("a\nb", "'a\nb'"),
                arguments("a\tb", "'a\tb'"),
                arguments("über", "'über'"));
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @MethodSource("table")
    void quotesOnlyWhatTheShellWouldInterpret(String arg, String expected) {
        assertEquals(expected, ShellQuote.quote(arg));
    }

    @Test
    void joinsArgumentsWithSingleSpaces() {
        assertEquals("berth-agent prepare --app web 'a b'",
                ShellQuote.join(List.of("berth-agent", "prepare", "--app", "web", "a b")));
    }

    @Test
    void refusesWhatCannotBeAnArgument() {
        assertThrows(IllegalArgumentException.class, () -> ShellQuote.quote("a\0b"));
        assertThrows(IllegalArgumentException.class, () -> ShellQuote.quote(null));
        assertThrows(IllegalArgumentException.class, () -> ShellQuote.join(List.of()));
    }
}
