package dev.dnspatch.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The host names the user asked dnspatch to patch, each with the mode it was given, if any: a rule.
 *
 * <ul>
 *   <li>{@code db.example.com} matches that name only;</li>
 *   <li>{@code *.example.com} matches any name below {@code example.com}, not the name itself;</li>
 *   <li>{@code *} matches every host;</li>
 *   <li>any of them may end in {@code :MODE} ({@code *.corp.internal:ipv6-first}): that pattern's own
 *       mode. A colon cannot occur in a host name, so the list still fits one environment variable.</li>
 * </ul>
 *
 * Where several patterns match a host, the most specific one decides: the exact name, else the
 * wildcard with the longest suffix, else {@code *}; so the order they are written in never matters.
 *
 * <p>Matching ignores case and one trailing dot. There are no regular expressions: a lookup is one
 * hash probe for the exact names, then a walk down the wildcards' label tree that reads each label
 * of the host once, from the right, and keeps the deepest pattern it passes. Its cost is linear in
 * the host name, whatever the patterns are and however many.
 *
 * <p>A rule is an index: rules as objects would be one more class for premain to load.
 */
public final class HostPatterns {
    /** What {@link #ruleOf} answers for a host no pattern matches. */
    public static final int NO_RULE = -1;
    private static final int MAX_NAME = 253;
    private static final int MAX_LABEL = 63;

    private final List<String> patterns;
    /** Per rule, the mode written after its pattern, or null where none was: then {@code mode} decides. */
    private final Mode[] modes;
    /** The rule of {@code *}, or NO_RULE. */
    private final int all;
    private final Map<String, Integer> exact;
    private final Label wildcards;

    private HostPatterns(List<String> patterns, Mode[] modes, int all, Map<String, Integer> exact, Label wildcards) {
        this.patterns = Collections.unmodifiableList(patterns);
        this.modes = modes;
        this.all = all;
        this.exact = exact;
        this.wildcards = wildcards;
    }

    /**
     * The wildcard patterns as a tree of labels read from the right: {@code *.eu.example.com} is
     * the path com, example, eu, whose last node holds the pattern's rule. A tree rather than one
     * set of suffixes: probing every suffix of a name with many dots would hash the name over
     * and over, quadratic in its length.
     */
    private static final class Label {
        final Map<String, Label> below = new HashMap<>();
        int rule = NO_RULE;

        void add(String suffix, int rule) {
            Label node = this;
            int end = suffix.length();
            while (end > 0) {
                int dot = suffix.lastIndexOf('.', end - 1);
                String label = suffix.substring(dot + 1, end);
                Label next = node.below.get(label);
                if (next == null) {
                    next = new Label();
                    node.below.put(label, next);
                }
                node = next;
                end = dot < 0 ? 0 : dot;
            }
            node.rule = rule;
        }
    }

    public static HostPatterns none() {
        return new HostPatterns(new ArrayList<String>(), new Mode[0], NO_RULE, new HashMap<String, Integer>(),
                new Label());
    }

    /**
     * Validates every pattern and its mode. {@code label} names where the list came from
     * ({@code hosts}, {@code -Ddnspatch.hosts}, {@code DNSPATCH_HOSTS}) for the error message.
     */
    public static HostPatterns parse(String label, List<String> raw) throws ConfigException {
        Set<String> normalized = new LinkedHashSet<>();
        Mode[] modes = new Mode[raw.size()];
        Map<String, Integer> exact = new HashMap<>();
        Label wildcards = new Label();
        int all = NO_RULE;
        for (String entry : raw) {
            int colon = entry.indexOf(':');
            // A second colon or a slash: a URL or an address, not a rule; the pattern check says so.
            boolean rule = colon >= 0 && entry.indexOf(':', colon + 1) < 0 && entry.indexOf('/') < 0;
            String pattern = normalize(label, rule ? entry.substring(0, colon) : entry, entry);
            int index = normalized.size();
            if (!normalized.add(pattern)) {
                throw new ConfigException(label + " lists the host pattern '" + Text.shown(pattern) + "' twice");
            }
            if (rule) {
                modes[index] = mode(label, pattern, entry.substring(colon + 1));
            }
            if (pattern.equals("*")) {
                all = index;
            } else if (pattern.startsWith("*.")) {
                wildcards.add(pattern.substring(2), index);
            } else {
                exact.put(pattern, index);
            }
        }
        return new HostPatterns(new ArrayList<>(normalized), modes, all, exact, wildcards);
    }

    /** The mode after a pattern's colon, by the word users type, as {@code mode=} takes it. */
    private static Mode mode(String label, String pattern, String typed) throws ConfigException {
        String word = typed.trim();
        List<String> words = new ArrayList<>();
        for (Mode mode : Mode.values()) {
            if (mode.word().equalsIgnoreCase(word)) {
                return mode;
            }
            words.add(mode.word());
        }
        String hint;
        if (isPort(word)) {
            hint = " (a port does not belong in a host pattern)";
        } else if (word.toLowerCase(Locale.ROOT).startsWith("mode=")) {
            hint = " (write the mode alone: " + Text.shown(pattern) + ":" + Text.shown(word.substring(5).trim()) + ")";
        } else {
            hint = Text.didYouMean(word, words);
        }
        throw new ConfigException("the mode of " + Text.shown(pattern) + " in " + label + " must be one of "
                + String.join(", ", words) + " [" + Text.shown(typed) + "]" + hint);
    }

    private static boolean isPort(String word) {
        if (word.isEmpty() || word.length() > 5) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            if (word.charAt(i) < '0' || word.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** {@code entry} is the whole entry, its mode included, for the empty pattern's message. */
    private static String normalize(String label, String given, String entry) throws ConfigException {
        String pattern = given.trim();
        if (pattern.isEmpty()) {
            if (!given.equals(entry)) {
                throw new ConfigException(label + " has a mode with no host pattern before it [" + Text.shown(entry)
                        + "]; expected PATTERN:MODE such as *.corp.internal:ipv6-first");
            }
            throw new ConfigException(label + " has an empty host pattern (a stray comma?); expected names like"
                    + " db.example.com or *.example.com");
        }
        String typed = pattern; // as the user wrote it, for messages
        if (pattern.length() > MAX_NAME + 1) {
            throw invalid("host pattern is longer than " + MAX_NAME + " characters", label, typed);
        }
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c >= 0x80) {
                throw invalid("host pattern must be ASCII", label, typed,
                        "write internationalized names in their xn-- form");
            }
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '-' || c == '.' || c == '_' || c == '*')) {
                throw invalid("host pattern has the character '" + Text.shown(String.valueOf(c))
                        + "', which no host name has", label, typed);
            }
        }
        pattern = pattern.toLowerCase(Locale.ROOT);
        if (pattern.equals("*")) {
            return pattern;
        }
        String name = pattern;
        if (pattern.startsWith("*.")) {
            name = pattern.substring(2);
        }
        if (name.indexOf('*') >= 0) {
            throw invalid("'*' may only stand alone or open a pattern as '*.'", label, typed,
                    "expected *.example.com");
        }
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        if (name.length() > MAX_NAME) {
            throw invalid("host pattern is longer than " + MAX_NAME + " characters", label, typed);
        }
        checkLabels(name, label, typed);
        return pattern.startsWith("*.") ? "*." + name : name;
    }

    private static void checkLabels(String name, String label, String entry) throws ConfigException {
        if (name.isEmpty()) {
            throw invalid("host pattern names no host", label, entry, "expected db.example.com or *.example.com");
        }
        int start = 0;
        while (start <= name.length()) {
            int dot = name.indexOf('.', start);
            int end = dot < 0 ? name.length() : dot;
            if (end == start) {
                throw invalid("host pattern has an empty label (two dots in a row, or a leading dot)", label, entry);
            }
            if (end - start > MAX_LABEL) {
                throw invalid("host pattern has a label longer than " + MAX_LABEL + " characters", label, entry);
            }
            if (dot < 0) {
                break;
            }
            start = dot + 1;
        }
    }

    /** Built only on failure, so a valid list never loads the message helpers. */
    private static ConfigException invalid(String problem, String label, String entry) {
        return invalid(problem, label, entry, null);
    }

    /** The problem, where, the value in brackets, then what was meant: "expected ..." must not read as part of the value. */
    private static ConfigException invalid(String problem, String label, String entry, String hint) {
        return new ConfigException(problem + " in " + label + " [" + Text.shown(entry) + "]"
                + (hint == null ? "" : "; " + hint));
    }

    public boolean isEmpty() {
        return patterns.isEmpty();
    }

    /** The patterns as normalized, without their modes, in the order given. */
    public List<String> patterns() {
        return patterns;
    }

    /** The pattern of a rule, as normalized. */
    public String pattern(int rule) {
        return patterns.get(rule);
    }

    /** The mode written after a rule's pattern, or null where none was (then {@code mode} applies). */
    public Mode mode(int rule) {
        return modes[rule];
    }

    /** Whether the host the application asked for is one the user named. Never throws. */
    public boolean matches(String host) {
        return ruleOf(host) != NO_RULE;
    }

    /**
     * The rule that decides for this host: the index of its most specific matching pattern (the
     * exact name, else the wildcard with the longest suffix, else {@code *}), or {@link #NO_RULE}.
     * Never throws.
     */
    public int ruleOf(String host) {
        if (all != NO_RULE && exact.isEmpty() && wildcards.below.isEmpty()) {
            return all;
        }
        if (host == null || host.isEmpty() || host.length() > MAX_NAME + 1) {
            return all;
        }
        String name = canonical(host);
        Integer named = exact.isEmpty() ? null : exact.get(name);
        if (named != null) {
            return named;
        }
        int deepest = NO_RULE;
        Label node = wildcards;
        int end = name.length();
        while (!node.below.isEmpty()) {
            int dot = name.lastIndexOf('.', end - 1);
            node = node.below.get(name.substring(dot + 1, end));
            if (node == null || dot <= 0) {
                break; // no such suffix, or no label left to stand for the '*'
            }
            if (node.rule != NO_RULE) {
                deepest = node.rule;
            }
            end = dot;
        }
        return deepest != NO_RULE ? deepest : all;
    }

    /**
     * ASCII lower case, without the one trailing dot of a fully qualified name. Only ASCII is
     * folded, as DNS does: a Unicode case mapping would let the Kelvin sign match 'k'.
     */
    public static String canonical(String host) {
        int length = host.endsWith(".") ? host.length() - 1 : host.length();
        char[] out = null;
        for (int i = 0; i < length; i++) {
            char c = host.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                if (out == null) {
                    out = host.substring(0, length).toCharArray();
                }
                out[i] = (char) (c + ('a' - 'A'));
            }
        }
        return out != null ? new String(out) : length == host.length() ? host : host.substring(0, length);
    }

    /** The patterns as normalized, each with the mode written after it, if any: as the banner shows them. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (int rule = 0; rule < patterns.size(); rule++) {
            if (rule > 0) {
                text.append(',');
            }
            text.append(patterns.get(rule));
            if (modes[rule] != null) {
                text.append(':').append(modes[rule].word());
            }
        }
        return text.toString();
    }
}
