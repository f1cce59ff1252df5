package dev.dnspatch.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The agent's whole configuration, parsed once into an immutable value that both engines receive.
 */
public final class Config {
    private final HostPatterns hosts;
    private final Mode mode;
    private final LogLevel log;
    private final EngineChoice engine;
    private final boolean strict;

    private Config(HostPatterns hosts, Mode mode, LogLevel log, EngineChoice engine, boolean strict) {
        this.hosts = hosts;
        this.mode = mode;
        this.log = log;
        this.engine = engine;
        this.strict = strict;
    }

    /** Reads this JVM's system properties and environment. {@code agentArgs} may be null. */
    public static Config fromSystem(String agentArgs) throws ConfigException {
        return parse(agentArgs, SystemSettings.properties(), SystemSettings.env());
    }

    public static Config parse(String agentArgs, Map<?, ?> properties, Map<String, String> env)
            throws ConfigException {
        ConfigSources sources = new ConfigSources(agentArgs, properties, env);
        sources.check();
        ConfigSources.Sourced hostsValue = sources.value(Option.HOSTS);
        HostPatterns hosts = hostsValue == null ? HostPatterns.none()
                : HostPatterns.parse(hostsValue.label, hostsValue.values);
        Mode mode = choice(sources, Option.MODE, Mode.values(), Mode.IPV4_ONLY);
        LogLevel log = choice(sources, Option.LOG, LogLevel.values(), LogLevel.INFO);
        EngineChoice engine = choice(sources, Option.ENGINE, EngineChoice.values(), EngineChoice.AUTO);
        boolean strict = strict(sources.value(Option.STRICT));
        return new Config(hosts, mode, log, engine, strict);
    }

    /**
     * Whether the user asked for strict=true, read leniently so it is known even when another
     * option is malformed. A malformed strict value counts as false: fail safe.
     */
    public static boolean strictRequested(String agentArgs, Map<?, ?> properties, Map<String, String> env) {
        try {
            return strict(new ConfigSources(agentArgs, properties, env).value(Option.STRICT));
        } catch (ConfigException e) {
            return false;
        }
    }

    /** The log level asked for, read leniently so that a configuration error can honour log=off. */
    public static LogLevel logRequested(String agentArgs, Map<?, ?> properties, Map<String, String> env) {
        try {
            return choice(new ConfigSources(agentArgs, properties, env), Option.LOG, LogLevel.values(), LogLevel.INFO);
        } catch (ConfigException e) {
            return LogLevel.INFO;
        }
    }

    private static boolean strict(ConfigSources.Sourced value) throws ConfigException {
        if (value == null) {
            return false;
        }
        String typed = value.single().trim();
        if (typed.equalsIgnoreCase("true")) {
            return true;
        }
        if (typed.equalsIgnoreCase("false")) {
            return false;
        }
        throw new ConfigException(value.label + " must be true or false [" + Text.shown(value.single()) + "]");
    }

    /** Takes {@code values()} rather than the enum's class: getEnumConstants() is reflection, slow at start-up. */
    private static <E extends Enum<E>> E choice(ConfigSources sources, Option option, E[] choices, E fallback)
            throws ConfigException {
        ConfigSources.Sourced sourced = sources.value(option);
        if (sourced == null) {
            return fallback;
        }
        String typed = sourced.single().trim();
        List<String> words = new ArrayList<>();
        for (E constant : choices) {
            if (Option.word(constant).equalsIgnoreCase(typed)) {
                return constant;
            }
            words.add(Option.word(constant));
        }
        throw new ConfigException(sourced.label + " must be one of " + String.join(", ", words) + " ["
                + Text.shown(sourced.single()) + "]" + Text.didYouMean(typed, words));
    }

    public HostPatterns hosts() {
        return hosts;
    }

    public Mode mode() {
        return mode;
    }

    public LogLevel log() {
        return log;
    }

    public EngineChoice engine() {
        return engine;
    }

    public boolean strict() {
        return strict;
    }

    @Override
    public String toString() {
        return "hosts=" + hosts + ", mode=" + mode.word() + ", log=" + log.word() + ", engine=" + engine.word()
                + ", strict=" + strict;
    }
}
