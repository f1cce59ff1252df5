package dev.dnspatch.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The three places an option can come from, and the one rule between them: agent arguments
 * win over {@code dnspatch.*} system properties, which win over {@code DNSPATCH_*}
 * environment variables. Per option, the whole value comes from one place; lists are not merged.
 */
final class ConfigSources {
    /** Places, as ints: a switch on an enum would add a synthetic class to premain. */
    private static final int NOWHERE = 0;
    private static final int AGENT_ARGS = 1;
    private static final int PROPERTY = 2;
    private static final int ENV = 3;
    private static final String ARGS_EXAMPLE = "expected key=value pairs such as hosts=db.example.com,mode=ipv4-only";

    /** A HashMap, not an EnumMap: EnumMap finds the enum's constants by reflection, slow in premain. */
    private final Map<Option, List<String>> agentArgs = new HashMap<>();
    private final Map<?, ?> properties;
    private final Map<String, String> env;
    private ConfigException firstProblem;

    /** Never throws: a problem is kept for {@link #check()}, so strict and log can still be read. */
    ConfigSources(String args, Map<?, ?> properties, Map<String, String> env) {
        this.properties = properties;
        this.env = env;
        if (args != null && !args.trim().isEmpty()) {
            tokenize(args);
        }
        checkNames();
    }

    void check() throws ConfigException {
        if (firstProblem != null) {
            throw firstProblem;
        }
    }

    /**
     * The option's values from the place that wins, or null when no place sets it. A class
     * holding the values with their {@link #label} would be one more class to load in premain.
     */
    List<String> value(Option option) {
        switch (winner(option)) {
            case AGENT_ARGS:
                return agentArgs.get(option);
            case PROPERTY:
                return split(option, (String) properties.get(option.propertyName()));
            case ENV:
                return split(option, env.get(option.envName()));
            default:
                return null;
        }
    }

    /** Where {@link #value} came from, as the user would write that place's name. */
    String label(Option option) {
        switch (winner(option)) {
            case AGENT_ARGS:
                return option.argName();
            case PROPERTY:
                return "-D" + option.propertyName();
            default:
                return option.envName();
        }
    }

    /** The one rule: agent arguments, then a {@code dnspatch.*} property, then a {@code DNSPATCH_*} variable. */
    private int winner(Option option) {
        if (agentArgs.containsKey(option)) {
            return AGENT_ARGS;
        }
        if (properties.get(option.propertyName()) instanceof String) {
            return PROPERTY;
        }
        return env.containsKey(option.envName()) ? ENV : NOWHERE;
    }

    private static List<String> split(Option option, String value) {
        if (option.isList()) {
            return Arrays.asList(value.split(",", -1));
        }
        List<String> single = new ArrayList<>(1);
        single.add(value);
        return single;
    }

    private void tokenize(String args) {
        Option current = null;
        for (String raw : args.split(",", -1)) {
            String token = raw.trim();
            int equals = token.indexOf('=');
            if (token.isEmpty()) {
                if (current != null && current.isList()) {
                    agentArgs.get(current).add(token);
                } else {
                    problem("agent arguments have an empty entry (a stray comma?) [" + Text.shown(args) + "]; "
                            + ARGS_EXAMPLE);
                }
            } else if (equals < 0) {
                if (current == null) {
                    Option meant = Option.byArgName(token);
                    problem("agent argument '" + Text.shown(token) + "' has no value; "
                            + (meant != null ? "expected " + meant.argName() + "=..." : ARGS_EXAMPLE));
                } else if (!current.isList()) {
                    problem(current.argName() + " takes one value, but '" + Text.shown(token)
                            + "' follows it; " + ARGS_EXAMPLE);
                } else {
                    agentArgs.get(current).add(token);
                }
            } else {
                String key = token.substring(0, equals).trim();
                String value = token.substring(equals + 1).trim();
                Option option = Option.byArgName(key);
                current = option;
                if (key.isEmpty()) {
                    problem("agent argument '" + Text.shown(token) + "' has no option name; " + ARGS_EXAMPLE);
                } else if (option == null) {
                    problem("unknown option '" + Text.shown(key) + "'" + Text.didYouMean(key, argNames())
                            + "; options are " + String.join(", ", argNames()));
                } else if (agentArgs.containsKey(option)) {
                    problem(option.argName() + " is given twice in the agent arguments; give it once"
                            + (option.isList() ? ", with a comma-separated list" : ""));
                } else {
                    List<String> values = new ArrayList<>();
                    values.add(value);
                    agentArgs.put(option, values);
                }
            }
        }
    }

    /** A misspelt -Ddnspatch.* or DNSPATCH_* name is as much a typo as a misspelt agent argument. */
    private void checkNames() {
        for (Object key : properties.keySet()) {
            String name = String.valueOf(key);
            if (name.startsWith(Option.PROPERTY_PREFIX) && known(name, false) == null) {
                List<String> names = new ArrayList<>();
                for (Option option : Option.values()) {
                    names.add("-D" + option.propertyName());
                }
                problem("unknown system property '-D" + Text.shown(name) + "'" + Text.didYouMean("-D" + name, names));
            }
        }
        for (String name : env.keySet()) {
            if (name.startsWith(Option.ENV_PREFIX) && known(name, true) == null) {
                List<String> names = new ArrayList<>();
                for (Option option : Option.values()) {
                    names.add(option.envName());
                }
                problem("unknown environment variable '" + Text.shown(name) + "'" + Text.didYouMean(name, names));
            }
        }
    }

    private static Option known(String name, boolean env) {
        for (Option option : Option.values()) {
            if (name.equals(env ? option.envName() : option.propertyName())) {
                return option;
            }
        }
        return null;
    }

    private static List<String> argNames() {
        List<String> names = new ArrayList<>();
        for (Option option : Option.values()) {
            names.add(option.argName());
        }
        return names;
    }

    private void problem(String message) {
        if (firstProblem == null) {
            firstProblem = new ConfigException(message);
        }
    }
}
