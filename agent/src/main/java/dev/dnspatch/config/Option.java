package dev.dnspatch.config;

/**
 * The six options, each with the three spellings that pair visibly:
 * {@code hosts} / {@code dnspatch.hosts} / {@code DNSPATCH_HOSTS}.
 */
public enum Option {
    HOSTS("hosts", true),
    MODE("mode", false),
    LOG("log", false),
    ENGINE("engine", false),
    STRICT("strict", false),
    NETTY("netty", false);

    static final String PROPERTY_PREFIX = "dnspatch.";
    static final String ENV_PREFIX = "DNSPATCH_";

    private final String argName;
    private final boolean list;

    Option(String argName, boolean list) {
        this.argName = argName;
        this.list = list;
    }

    public String argName() {
        return argName;
    }

    public String propertyName() {
        return PROPERTY_PREFIX + argName;
    }

    public String envName() {
        return ENV_PREFIX + argName.toUpperCase(java.util.Locale.ROOT);
    }

    /** Only list options take further values from tokens without '=' in the agent arguments. */
    boolean isList() {
        return list;
    }

    /** The word users type for an enum value: {@code IPV4_ONLY} is {@code ipv4-only}. */
    static String word(Enum<?> constant) {
        return constant.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    static Option byArgName(String name) {
        for (Option option : values()) {
            if (option.argName.equalsIgnoreCase(name)) {
                return option;
            }
        }
        return null;
    }
}
