package dev.dnspatch.config;

/**
 * The one error type for bad configuration. Its message is a single line, written for the
 * person who typed the value: what is wrong, the value in brackets, and what was meant.
 */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message, null, false, false);
    }
}
