package dev.dnspatch.config;

/** How much the agent says on stderr. */
public enum LogLevel implements Choice {
    OFF, ERROR, WARN, INFO, DEBUG;

    public boolean includes(LogLevel level) {
        return this != OFF && level.ordinal() <= ordinal();
    }

    @Override
    public String word() {
        return Choice.lower(this);
    }
}
