package dev.berth.host;

/**
 * Receives the output of a remote command line by line as it arrives (UTF-8, without the line terminator). The
 * transport never calls it from two threads at once, and an exception it throws is logged and does not stop the
 * command.
 */
@FunctionalInterface
public interface LineSink {

    /** Discards everything. */
    LineSink NONE = (stream, line) -> {
    };

    void line(StreamKind stream, String line);
}
