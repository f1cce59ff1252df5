package dev.dnspatch.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The host names the user asked dnspatch to patch.
 *
 * <ul>
 *   <li>{@code db.example.com} matches that name only;</li>
 *   <li>{@code *.example.com} matches any name below {@code example.com}, not the name itself;</li>
 *   <li>{@code *} matches every host.</li>
 * </ul>
 *
 * Matching ignores case and one trailing dot. There are no regular expressions: a lookup is one
 * hash probe for the exact names, then a walk down the wildcards' label tree that reads each
 * label of the host once, from the right. Its cost is linear in the host name whatever the
 * patterns are.
 */
public final class HostPatterns {
    private static final int MAX_NAME = 253;
    private static final int MAX_LABEL = 63;

    private final List<String> patterns;
    private final boolean matchesAll;
    private final Set<String> exact;
    private final Label wildcards;

    private HostPatterns(List<String> patterns, boolean matchesAll, Set<String> exact, Label wildcards) {
        this.patterns = Collections.unmodifiableList(patterns);
        this.matchesAll = matchesAll;
        this.exact = exact;
        this.wildcards = wildcards;
    }

    /**
     * The wildcard patterns as a tree of labels read from the right: {@code *.eu.example.com} is
     * the path com, example, eu, whose last node is marked as a pattern. A tree rather than one
     * set of suffixes: probing every suffix of a name with many dots would hash the name over
     * and over, quadratic in its length.
     */
    private static final class Label {
        final Map<String, Label> below = new HashMap<>();
        boolean endsPattern;

        void add(String suffix) {
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
            node.endsPattern = true;
        }
    }

    public static HostPatterns none() {
        return new HostPatterns(new ArrayList<String>(), false, new HashSet<String>(), new Label());
    }

    /**
     * Validates every pattern. {@code label} names where the list came from
     * ({@code hosts}, {@code -Ddnspatch.hosts}, {@code DNSPATCH_HOSTS}) for the error message.
     */
    public static HostPatterns parse(String label, List<String> raw) throws ConfigException {
        Set<String> normalized = new LinkedHashSet<>();
        Set<String> exact = new HashSet<>();
        Label wildcards = new Label();
        boolean all = false;
        for (String entry : raw) {
            String pattern = normalize(label, entry);
            if (!normalized.add(pattern)) {
                throw new ConfigException(label + " lists the host pattern '" + Text.shown(pattern) + "' twice");
            }
            if (pattern.equals("*")) {
                all = true;
            } else if (pattern.startsWith("*.")) {
                wildcards.add(pattern.substring(2));
            } else {
                exact.add(pattern);
            }
        }
        return new HostPatterns(new ArrayList<>(normalized), all, exact, wildcards);
    }

    private static String normalize(String label, String entry) throws ConfigException {
        String pattern = entry.trim();
        if (pattern.isEmpty()) {
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

    /** The patterns as normalized, in the order given. */
    public List<String> patterns() {
        return patterns;
    }

    /** Whether the host the application asked for is one the user named. Never throws. */
    public boolean matches(String host) {
        if (matchesAll) {
            return true;
        }
        if (host == null || host.isEmpty() || host.length() > MAX_NAME + 1) {
            return false;
        }
        String name = canonical(host);
        if (exact.contains(name)) {
            return true;
        }
        Label node = wildcards;
        int end = name.length();
        while (!node.below.isEmpty()) {
            int dot = name.lastIndexOf('.', end - 1);
            node = node.below.get(name.substring(dot + 1, end));
            if (node == null || dot <= 0) {
                return false; // no such suffix, or no label left to stand for the '*'
            }
            if (node.endsPattern) {
                return true;
            }
            end = dot;
        }
        return false;
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

    @Override
    public String toString() {
        return String.join(",", patterns);
    }
}
