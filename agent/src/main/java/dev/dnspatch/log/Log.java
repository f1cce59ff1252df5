package dev.dnspatch.log;

import dev.dnspatch.config.LogLevel;

/**
 * The agent's only way to speak: {@code [dnspatch] ...} lines on stderr.
 *
 * <p>It writes the lines itself rather than through a logging library. Measured side by side on
 * JDK 25, initializing SLF4J Simple cost about 8 ms of start-up in every JVM that loads the
 * agent, most of a 10 ms budget, and it looks up {@code simplelogger.properties} on the
 * application's class path. A direct line can take no setting from the application's logging,
 * print no binding warning, and never touch the application's own SLF4J.
 */
public final class Log {
    private static final String PREFIX = "[dnspatch] ";
    /** A constant, so that a warning written without this class ({@code Agent}) reads the same. */
    public static final String WARNING = "[dnspatch] warning: ";
    private static volatile LogLevel level = LogLevel.INFO;

    private Log() {
    }

    public static void setLevel(LogLevel newLevel) {
        level = newLevel;
    }

    public static boolean isDebugEnabled() {
        return level.includes(LogLevel.DEBUG);
    }

    public static void debug(String message) {
        write(LogLevel.DEBUG, PREFIX, message);
    }

    public static void info(String message) {
        write(LogLevel.INFO, PREFIX, message);
    }

    public static void warn(String message) {
        write(LogLevel.WARN, WARNING, message);
    }

    public static void error(String message) {
        write(LogLevel.ERROR, "[dnspatch] error: ", message);
    }

    private static void write(LogLevel messageLevel, String prefix, String message) {
        if (level.includes(messageLevel)) {
            // System.err as it is now: the application may have replaced it, and gets our lines there.
            System.err.println(prefix + message);
        }
    }
}
