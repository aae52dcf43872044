package dev.berth.host;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Quotes arguments for the POSIX shell that runs the remote command. A value made only of
 * {@code [A-Za-z0-9@%+=:,./_-]} passes unchanged (so grammar-checked values reach the agent's forced-command mode,
 * which splits on whitespace, as they are); anything else is single-quoted, with each {@code '} written as
 * {@code '\''}. Inside single quotes the shell expands nothing.
 */
public final class ShellQuote {

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9@%+=:,./_-]+");

    private ShellQuote() {
    }

    /** One argument, quoted when needed. NUL cannot be part of a command-line argument and is refused. */
    public static String quote(String arg) {
        if (arg == null) {
            throw new IllegalArgumentException("a command argument is null");
        }
        if (arg.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a command argument contains a NUL character");
        }
        if (SAFE.matcher(arg).matches()) {
            return arg;
        }
        return "'" + arg.replace("'", "'\\''") + "'";
    }

    /** The command line: each argument quoted when needed, joined with single spaces. */
    public static String join(List<String> argv) {
        if (argv == null || argv.isEmpty()) {
            throw new IllegalArgumentException("the command is empty");
        }
        return argv.stream().map(ShellQuote::quote).collect(Collectors.joining(" "));
    }
}
