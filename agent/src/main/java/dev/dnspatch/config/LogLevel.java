package dev.dnspatch.config;

/** How much the agent says on stderr. */
public enum LogLevel {
    OFF, ERROR, WARN, INFO, DEBUG;

    public boolean includes(LogLevel level) {
        return this != OFF && level.ordinal() <= ordinal();
    }

    /** The word users type. */
    public String word() {
        return Option.word(this);
    }
}
