package dev.berth.host;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Collects a command's output: splits each stream into UTF-8 lines, hands every line to the sink (one call at a
 * time) and keeps the last {@code retained} lines of each stream for the {@link ExecResult}.
 */
final class OutputLines {

    private static final Logger LOG = Logger.getLogger(OutputLines.class);
    /** Longer lines are cut into pieces of this many characters, so one endless line cannot exhaust memory. */
    static final int MAX_LINE = 16 * 1024;

    private final LineSink sink;
    private final int retained;
    private final Deque<String> stdout = new ArrayDeque<>();
    private final Deque<String> stderr = new ArrayDeque<>();
    private boolean sinkFailed;

    OutputLines(LineSink sink, int retained) {
        this.sink = sink == null ? LineSink.NONE : sink;
        this.retained = retained;
    }

    /** Reads {@code in} to its end, line by line. Blocks; run one per stream on its own thread. */
    void pump(StreamKind kind, InputStream in) throws IOException {
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            char[] buffer = new char[8192];
            StringBuilder line = new StringBuilder();
            int n;
            while ((n = reader.read(buffer)) != -1) {
                for (int i = 0; i < n; i++) {
                    char c = buffer[i];
                    if (c == '\n') {
                        add(kind, line);
                    } else {
                        line.append(c);
                        if (line.length() >= MAX_LINE) {
                            add(kind, line);
                        }
                    }
                }
            }
            if (line.length() > 0) {
                add(kind, line);
            }
        }
    }

    private void add(StreamKind kind, StringBuilder buffer) {
        int end = buffer.length();
        if (end > 0 && buffer.charAt(end - 1) == '\r') {
            end--;
        }
        String line = buffer.substring(0, end);
        buffer.setLength(0);
        synchronized (this) {
            Deque<String> kept = kind == StreamKind.STDOUT ? stdout : stderr;
            kept.addLast(line);
            if (kept.size() > retained) {
                kept.removeFirst();
            }
            try {
                sink.line(kind, line);
            } catch (RuntimeException e) {
                if (!sinkFailed) {
                    sinkFailed = true;
                    LOG.warnf("an output sink failed; the command goes on: %s", e.toString());
                }
            }
        }
    }

    synchronized List<String> stdout() {
        return new ArrayList<>(stdout);
    }

    synchronized List<String> stderr() {
        return new ArrayList<>(stderr);
    }
}
