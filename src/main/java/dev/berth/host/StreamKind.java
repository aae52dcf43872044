package dev.berth.host;

/** Which output stream of a remote command a line came from. */
public enum StreamKind {
    STDOUT,
    STDERR
}
