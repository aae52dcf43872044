package dev.berth.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Every log record of {@code dev.berth} (all levels, DEBUG included) while open, formatted with its parameters and
 * exception messages, so a test can assert what berth wrote to its logs. Tests run with JBoss LogManager as the JUL
 * manager (pom.xml), which is what berth's loggers write to.
 */
public final class LogCapture extends Handler implements AutoCloseable {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Logger logger = Logger.getLogger("dev.berth");
    private final Level before;

    public LogCapture() {
        before = logger.getLevel();
        logger.setLevel(Level.ALL);
        setLevel(Level.ALL);
        logger.addHandler(this);
    }

    /** Every captured line: level, logger, message and the messages of the exception chain. */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    public String text() {
        return String.join("\n", lines);
    }

    @Override
    public void publish(LogRecord record) {
        StringBuilder line = new StringBuilder(record.getLevel() + " " + record.getLoggerName() + " ");
        String message = record.getMessage();
        if (record instanceof org.jboss.logmanager.ExtLogRecord ext) {
            message = ext.getFormattedMessage();
        } else try {
            if (record.getParameters() != null && record.getParameters().length > 0) {
                message = message.contains("%") ? String.format(message, record.getParameters())
                        : java.text.MessageFormat.format(message, record.getParameters());
            }
        } catch (RuntimeException e) {
            message = message + " " + java.util.Arrays.toString(record.getParameters());
        }
        line.append(message);
        for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
            line.append(" | ").append(t);
        }
        lines.add(line.toString());
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
        logger.setLevel(before);
    }
}
