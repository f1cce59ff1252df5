package dev.dnspatch.log;

import java.util.Properties;
import org.slf4j.simple.SimpleLogger;
import org.slf4j.simple.SimpleLoggerFactory;

/**
 * SLF4J Simple, shaded inside the agent, writing {@code [dnspatch] ...} lines to stderr.
 *
 * <p>It is built directly, not through {@code LoggerFactory}: the agent's logging never looks
 * for providers, so it can print no "multiple bindings" warning and cannot pick up the
 * application's binding. The shade plugin relocates the {@code org.slf4j.simpleLogger.*}
 * property names along with the classes, so the application's {@code simplelogger.properties}
 * and {@code -Dorg.slf4j.simpleLogger.*} settings never reach these loggers either.
 */
final class AgentLogger extends SimpleLogger {
    private static final long serialVersionUID = 1L;

    private AgentLogger() {
        super("dnspatch");
    }

    static org.slf4j.Logger create() {
        // SimpleLogger reads its settings from system properties once, when the first logger
        // is made. Set ours for that moment only, then leave the JVM's properties as they were.
        Properties settings = new Properties();
        settings.setProperty(SimpleLogger.SHOW_THREAD_NAME_KEY, "false");
        settings.setProperty(SimpleLogger.SHOW_LOG_NAME_KEY, "false");
        settings.setProperty(SimpleLogger.SHOW_SHORT_LOG_NAME_KEY, "false");
        settings.setProperty(SimpleLogger.SHOW_DATE_TIME_KEY, "false");
        settings.setProperty(SimpleLogger.LEVEL_IN_BRACKETS_KEY, "false");
        settings.setProperty(SimpleLogger.DEFAULT_LOG_LEVEL_KEY, "debug");
        settings.setProperty(SimpleLogger.LOG_FILE_KEY, "System.err");
        Properties previous = new Properties();
        for (String key : settings.stringPropertyNames()) {
            String old = System.setProperty(key, settings.getProperty(key));
            if (old != null) {
                previous.setProperty(key, old);
            }
        }
        try {
            new SimpleLoggerFactory(); // its constructor is SimpleLogger's only public way to read the settings
            return new AgentLogger();
        } finally {
            for (String key : settings.stringPropertyNames()) {
                if (previous.containsKey(key)) {
                    System.setProperty(key, previous.getProperty(key));
                } else {
                    System.clearProperty(key);
                }
            }
        }
    }

    @Override
    protected String renderLevel(int level) {
        switch (level) {
            case LOG_LEVEL_ERROR:
                return "[dnspatch] error:";
            case LOG_LEVEL_WARN:
                return "[dnspatch] warning:";
            default:
                return "[dnspatch]";
        }
    }
}
