package dev.dnspatch.log;

import dev.dnspatch.config.LogLevel;

/**
 * The agent's only way to speak. Levels are checked here, before anything is formatted, and
 * SLF4J is first touched by the first line actually written: at {@code log=warn} and quieter,
 * a quiet start loads none of it.
 */
public final class Log {
    private static volatile LogLevel level = LogLevel.INFO;

    private Log() {
    }

    public static void setLevel(LogLevel newLevel) {
        level = newLevel;
    }

    public static boolean isDebugEnabled() {
        return level.includes(LogLevel.DEBUG);
    }

    public static boolean isInfoEnabled() {
        return level.includes(LogLevel.INFO);
    }

    public static void debug(String message) {
        write(LogLevel.DEBUG, message);
    }

    public static void info(String message) {
        write(LogLevel.INFO, message);
    }

    public static void warn(String message) {
        write(LogLevel.WARN, message);
    }

    public static void error(String message) {
        write(LogLevel.ERROR, message);
    }

    /** Logging must never be what breaks the application, so a failing logger falls back to stderr. */
    private static void write(LogLevel messageLevel, String message) {
        if (!level.includes(messageLevel)) {
            return;
        }
        try {
            org.slf4j.Logger logger = Sink.LOGGER;
            switch (messageLevel) {
                case ERROR:
                    logger.error(message);
                    break;
                case WARN:
                    logger.warn(message);
                    break;
                case INFO:
                    logger.info(message);
                    break;
                default:
                    logger.debug(message);
            }
        } catch (Throwable broken) {
            System.err.println("[dnspatch] " + message);
        }
    }

    /** Holder idiom: the logger is built on first use, by the JVM's class initialization lock. */
    private static final class Sink {
        static final org.slf4j.Logger LOGGER = AgentLogger.create();
    }
}
