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
    private final boolean netty;

    private Config(HostPatterns hosts, Mode mode, LogLevel log, EngineChoice engine, boolean strict, boolean netty) {
        this.hosts = hosts;
        this.mode = mode;
        this.log = log;
        this.engine = engine;
        this.strict = strict;
        this.netty = netty;
    }

    /** Reads this JVM's system properties and environment. {@code agentArgs} may be null. */
    public static Config fromSystem(String agentArgs) throws ConfigException {
        return parse(agentArgs, SystemSettings.properties(), SystemSettings.env());
    }

    public static Config parse(String agentArgs, Map<?, ?> properties, Map<String, String> env)
            throws ConfigException {
        ConfigSources sources = new ConfigSources(agentArgs, properties, env);
        sources.check();
        List<String> hostsValue = sources.value(Option.HOSTS);
        HostPatterns hosts = hostsValue == null ? HostPatterns.none()
                : HostPatterns.parse(sources.label(Option.HOSTS), hostsValue);
        Mode mode = choice(sources, Option.MODE, Mode.values(), Mode.IPV4_ONLY);
        LogLevel log = choice(sources, Option.LOG, LogLevel.values(), LogLevel.INFO);
        EngineChoice engine = choice(sources, Option.ENGINE, EngineChoice.values(), EngineChoice.AUTO);
        boolean strict = strict(sources);
        boolean netty = onOrOff(sources, Option.NETTY, true);
        return new Config(hosts, mode, log, engine, strict, netty);
    }

    /**
     * Whether the user asked for strict=true, read leniently so it is known even when another
     * option is malformed. A malformed strict value counts as false: fail safe.
     */
    public static boolean strictRequested(String agentArgs, Map<?, ?> properties, Map<String, String> env) {
        try {
            return strict(new ConfigSources(agentArgs, properties, env));
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

    private static boolean strict(ConfigSources sources) throws ConfigException {
        List<String> value = sources.value(Option.STRICT);
        if (value == null) {
            return false;
        }
        String typed = value.get(0).trim();
        if (typed.equalsIgnoreCase("true")) {
            return true;
        }
        if (typed.equalsIgnoreCase("false")) {
            return false;
        }
        throw new ConfigException(sources.label(Option.STRICT) + " must be true or false [" + Text.shown(value.get(0)) + "]");
    }

    /** A switch, {@code on} or {@code off}: a boolean rather than an enum, one class fewer in premain. */
    private static boolean onOrOff(ConfigSources sources, Option option, boolean fallback) throws ConfigException {
        List<String> value = sources.value(option);
        if (value == null) {
            return fallback;
        }
        String typed = value.get(0).trim();
        if (typed.equalsIgnoreCase("on")) {
            return true;
        }
        if (typed.equalsIgnoreCase("off")) {
            return false;
        }
        throw new ConfigException(sources.label(option) + " must be on or off [" + Text.shown(value.get(0)) + "]"
                + meantSwitch(typed));
    }

    /** The other words for a switch mean the opposite of what their spelling is closest to ("no" is one edit from "on"). */
    private static String meantSwitch(String typed) {
        String word = typed.toLowerCase(java.util.Locale.ROOT);
        if (word.equals("true") || word.equals("yes") || word.equals("1") || word.startsWith("enable")) {
            return " (did you mean 'on'?)";
        }
        if (word.equals("false") || word.equals("no") || word.equals("0") || word.equals("none")
                || word.startsWith("disable") || word.startsWith("of")) {
            return " (did you mean 'off'?)";
        }
        List<String> words = new ArrayList<>();
        words.add("on");
        words.add("off");
        return Text.didYouMean(typed, words);
    }

    /** Takes {@code values()} rather than the enum's class: getEnumConstants() is reflection, slow at start-up. */
    private static <E extends Enum<E>> E choice(ConfigSources sources, Option option, E[] choices, E fallback)
            throws ConfigException {
        List<String> value = sources.value(option);
        if (value == null) {
            return fallback;
        }
        String typed = value.get(0).trim();
        List<String> words = new ArrayList<>();
        for (E constant : choices) {
            if (Option.word(constant).equalsIgnoreCase(typed)) {
                return constant;
            }
            words.add(Option.word(constant));
        }
        throw new ConfigException(sources.label(option) + " must be one of " + String.join(", ", words) + " ["
                + Text.shown(value.get(0)) + "]" + Text.didYouMean(typed, words));
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

    /** Whether Netty's DNS resolver is patched too, in every class loader that defines it. */
    public boolean netty() {
        return netty;
    }

    @Override
    public String toString() {
        return "hosts=" + hosts + ", mode=" + mode.word() + ", log=" + log.word() + ", engine=" + engine.word()
                + ", strict=" + strict + ", netty=" + (netty ? "on" : "off");
    }
}
