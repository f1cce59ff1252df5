package dev.dnspatch.config;

import static dev.dnspatch.config.Tries.forAll;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Generated input for the configuration parser and the host matcher: 131,100 tries in all, drawn
 * by the small generators at the end of this class from a fixed seed ({@link Tries}).
 *
 * <ul>
 *   <li>Parsing anything from any of the three places either succeeds or throws
 *       {@link ConfigException} with a single short line; nothing else ever escapes.</li>
 *   <li>The matcher never throws for any host the application can pass, null included, and
 *       agrees with a plain model of the documented rules.</li>
 *   <li>Matching is linear in the host name. Time is not measured: the work is counted as the
 *       bytes the matcher allocates, which on this implementation is the characters it copies
 *       and hashes, a count that no load on the machine can change.</li>
 * </ul>
 */
class GeneratedInputTest {
    /** Pieces that make the parser's interesting cases likely: keys, separators, words, junk. */
    private static final String[] PIECES = {
        "hosts", "mode", "log", "engine", "strict", "netty", "HOSTS", "host", "Mode", "=", "=", ",", ",", ",", " ", "\t",
        "\n", "\r", "\u0000", "\u0007", "\u001b", "\u007f", "\u0085", "\u2028", "*", "*.", ".", "..", "-", "_", ":",
        ";", "/", "example", "com", "db", "xn--", "ö", "\u212a", "\ud83d\ude00", "\ud800", "ipv4-only", "ipv4-first",
        "ipv6-only", "ipv6-first", "auto", "on", "off", "debug", "spi", "instrument", "true", "false", "TRUE", "garbage",
        "a".repeat(63), "b".repeat(64), "c".repeat(300),
    };
    private static final String[] PROPERTY_NAMES = {
        "dnspatch.hosts", "dnspatch.mode", "dnspatch.log", "dnspatch.engine", "dnspatch.strict", "dnspatch.netty", "dnspatch.host",
        "dnspatch.", "dnspatch.HOSTS", "other.property",
    };
    private static final String[] ENV_NAMES = {
        "DNSPATCH_HOSTS", "DNSPATCH_MODE", "DNSPATCH_LOG", "DNSPATCH_ENGINE", "DNSPATCH_STRICT", "DNSPATCH_NETTY", "DNSPATCH_HOST",
        "DNSPATCH_", "dnspatch_hosts", "PATH",
    };

    // ---------------------------------------------------------------- the parser

    @Test
    void agentArgumentsParseOrFailWithOneLine() {
        forAll("agentArgumentsParseOrFailWithOneLine", 40_000, GeneratedInputTest::text,
                agentArgs -> parseOrOneLine(agentArgs, Map.of(), Map.of()));
    }

    record Places(String agentArgs, Map<String, String> properties, Map<String, String> env) {
    }

    @Test
    void allThreePlacesTogetherParseOrFailWithOneLine() {
        forAll("allThreePlacesTogetherParseOrFailWithOneLine", 30_000,
                r -> new Places(textOrNull(r), places(r, PROPERTY_NAMES), places(r, ENV_NAMES)), places -> {
                    parseOrOneLine(places.agentArgs(), places.properties(), places.env());
                    // What premain reads when parsing failed must never fail itself.
                    Config.strictRequested(places.agentArgs(), places.properties(), places.env());
                    Config.logRequested(places.agentArgs(), places.properties(), places.env());
                });
    }

    @Test
    void patternListsParseOrFailWithOneLine() {
        forAll("patternListsParseOrFailWithOneLine", 20_000, GeneratedInputTest::patternList, patterns -> {
            try {
                HostPatterns parsed = HostPatterns.parse("hosts", patterns);
                for (String pattern : parsed.patterns()) {
                    // What parsing keeps is normalized: lower-case ASCII, no trailing dot.
                    if (!pattern.equals(pattern.toLowerCase(Locale.ROOT)) || pattern.endsWith(".")) {
                        throw new AssertionError("not normalized: " + pattern);
                    }
                }
            } catch (ConfigException e) {
                assertOneLine(e);
            }
        });
    }

    private static void parseOrOneLine(String agentArgs, Map<?, ?> properties, Map<String, String> env) {
        try {
            Config.parse(agentArgs, properties, env);
        } catch (ConfigException e) {
            assertOneLine(e);
        }
    }

    private static void assertOneLine(ConfigException e) {
        String message = e.getMessage();
        if (message == null || message.isEmpty() || message.length() > 400
                || message.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == 0x85 || c == 0x2028 || c == 0x2029)) {
            throw new AssertionError("not one short printable line: [" + message + "]");
        }
    }

    // ---------------------------------------------------------------- the matcher

    /** Entries as written (some with their own mode, {@code pattern:MODE}) and a host. */
    record Lookup(List<String> patterns, String host) {
    }

    @Test
    void matcherAgreesWithTheRulesAndNeverThrows() {
        forAll("matcherAgreesWithTheRulesAndNeverThrows", 40_000, GeneratedInputTest::lookup, lookup -> {
            HostPatterns parsed = HostPatterns.parse("hosts", lookup.patterns());
            String expected = model(parsed.patterns(), lookup.host());
            int rule = parsed.ruleOf(lookup.host());
            String decided = rule == HostPatterns.NO_RULE ? null : parsed.pattern(rule);
            if (!java.util.Objects.equals(decided, expected) || parsed.matches(lookup.host()) != (expected != null)) {
                throw new AssertionError("patterns " + parsed + ": expected the rule of " + expected + ", got "
                        + decided);
            }
            if (rule != HostPatterns.NO_RULE) {
                String written = lookup.patterns().get(rule);
                int colon = written.indexOf(':');
                String mode = colon < 0 ? null : written.substring(colon + 1).trim();
                Mode got = parsed.mode(rule);
                if (mode == null ? got != null : got == null || !got.word().equalsIgnoreCase(mode)) {
                    throw new AssertionError("rule " + written + " decided with mode " + got);
                }
            }
        });
    }

    /**
     * The documented rules, written as plainly as possible: exact names, {@code *.suffix} for
     * one label or more below it, {@code *} for all; ASCII case and one trailing dot ignored; the
     * most specific pattern decides (the exact name, the longest suffix, then {@code *}). The
     * pattern that decides, or null.
     */
    private static String model(List<String> patterns, String host) {
        String all = patterns.contains("*") ? "*" : null;
        if (host == null || host.isEmpty() || host.length() > 254) {
            return all;
        }
        StringBuilder lower = new StringBuilder();
        for (char c : host.toCharArray()) {
            lower.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
        }
        String name = lower.toString();
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        String best = null;
        for (String pattern : patterns) {
            if (pattern.startsWith("*.")) {
                String suffix = pattern.substring(1);
                if (name.endsWith(suffix) && name.length() > suffix.length()
                        && (best == null || suffix.length() > best.length() - 1)) {
                    best = pattern;
                }
            } else if (name.equals(pattern)) {
                return pattern;
            }
        }
        return best != null ? best : all;
    }

    record Chains(List<String> wildcards, String unit) {
    }

    /**
     * Linear: for one set of wildcard rules, a host about 8 times longer than another of the
     * same shape costs at most 16 times the work (a quadratic matcher costs about 64 times), and
     * never more than a fixed number of bytes per character. Patterns here are chains of one-
     * and two-letter labels, the worst case for a matcher that tries every suffix, half of them with
     * a mode of their own, which the walk carries down to the deepest pattern it passes. And
     * independent of the number of rules: the same bound per character holds with a thousand more
     * rules of the same shape beside them.
     */
    @Test
    void matchingWorkIsLinearInTheHostNameAndIndependentOfTheNumberOfRules() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        boolean counted = threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled();
        if (!counted) {
            System.out.println("[skipped] this JVM does not count the bytes a thread allocates");
        }
        assumeTrue(counted, "this JVM does not count the bytes a thread allocates");
        forAll("matchingWorkIsLinearInTheHostName", 1_000,
                r -> new Chains(withModes(r, labelChains(r, 1, 40)), hostUnit(r)), chains -> {
            HostPatterns parsed = HostPatterns.parse("hosts", chains.wildcards());
            String shortHost = repeatTo(chains.unit(), 30);
            String longHost = repeatTo(chains.unit(), 8 * shortHost.length());
            long shortWork = Long.MAX_VALUE;
            long longWork = Long.MAX_VALUE;
            for (int round = 0; round < 3; round++) {
                shortWork = Math.min(shortWork, work(threads, parsed, shortHost));
                longWork = Math.min(longWork, work(threads, parsed, longHost));
            }
            long oneLabel = 24 + 16 + 8; // one short String and its array: the least a call that reads a label copies
            if (longWork > 16 * Math.max(shortWork, oneLabel) || longWork > 64L * longHost.length() + 256) {
                throw new AssertionError("matching " + longHost.length() + " characters took " + longWork
                        + " bytes of work, " + shortHost.length() + " characters took " + shortWork);
            }
        });
        forAll("matchingWorkIsIndependentOfTheNumberOfRules", 100,
                r -> new Chains(withModes(r, labelChains(r, 1_000, 1_000)), hostUnit(r)), chains -> {
            HostPatterns many = HostPatterns.parse("hosts", chains.wildcards());
            String longHost = repeatTo(chains.unit(), 240);
            long manyWork = Long.MAX_VALUE;
            for (int round = 0; round < 3; round++) {
                manyWork = Math.min(manyWork, work(threads, many, longHost));
            }
            if (many.patterns().size() < 500 || manyWork > 64L * longHost.length() + 256) {
                throw new AssertionError("matching " + longHost.length() + " characters against "
                        + many.patterns().size() + " rules took " + manyWork + " bytes of work");
            }
        });
    }

    private static final int CALLS = 50;
    /** Keeps the JIT from dropping calls whose result nothing reads. */
    private static volatile boolean matched;

    /** The bytes one call of matches allocates, averaged over a batch. */
    private static long work(com.sun.management.ThreadMXBean threads, HostPatterns patterns, String host) {
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < CALLS; i++) {
            matched = patterns.matches(host);
        }
        long after = threads.getCurrentThreadAllocatedBytes();
        return (after - before) / CALLS;
    }

    private static String repeatTo(String unit, int length) {
        StringBuilder host = new StringBuilder(unit);
        while (host.length() < length) {
            host.insert(0, unit + ".");
        }
        return host.substring(host.length() - Math.min(host.length(), 253)).replaceFirst("^\\.+", "");
    }

    // ---------------------------------------------------------------- generators

    /** Text for any of the three places: mostly pieces of real syntax, some random characters, rarely 100 kB. */
    private static String text(SplittableRandom r) {
        return switch (weighted(r, 150, 50, 1)) {
            case 0 -> String.join("", list(r, 0, 24, GeneratedInputTest::piece));
            case 1 -> anyCharacters(r, 80);
            default -> {
                // 100 kB values are rare: a few hundred per run cover them.
                String unit = oneOf(r, ",", "a", "a.", "*.", "=");
                yield unit.repeat(100_000 / unit.length());
            }
        };
    }

    private static String piece(SplittableRandom r) {
        return oneOf(r, PIECES);
    }

    private static String textOrNull(SplittableRandom r) {
        return r.nextInt(5) == 0 ? null : text(r);
    }

    /** Up to four of the given names, some repeated, each with a value. */
    private static Map<String, String> places(SplittableRandom r, String[] names) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = r.nextInt(5); i > 0; i--) {
            map.put(oneOf(r, names), text(r));
        }
        return map;
    }

    private static List<String> patternList(SplittableRandom r) {
        return list(r, 0, 8, e -> e.nextBoolean() ? text(e) : validPattern(e));
    }

    /** Labels from a small alphabet, so that hosts and patterns often share suffixes. */
    private static String label(SplittableRandom r) {
        return weighted(r, 8, 2) == 0
                ? oneOf(r, "a", "b", "db", "example", "com", "co", "xn--bcher-kva")
                : characters(r, "abAB01-_", 1, 63);
    }

    private static String name(SplittableRandom r) {
        return String.join(".", list(r, 1, 6, GeneratedInputTest::label));
    }

    private static String validPattern(SplittableRandom r) {
        while (true) {
            String pattern = switch (weighted(r, 6, 6, 1)) {
                case 0 -> name(r);
                case 1 -> "*." + name(r);
                default -> "*";
            };
            if (pattern.length() <= 200) {
                return pattern;
            }
        }
    }

    /** One to six valid patterns, no two the same but for case (the parser refuses those). */
    private static List<String> validPatterns(SplittableRandom r) {
        int size = between(r, 1, 6);
        Map<String, String> byLowerCase = new LinkedHashMap<>();
        for (int attempt = 0; byLowerCase.size() < size && attempt < 100; attempt++) {
            String pattern = validPattern(r);
            byLowerCase.putIfAbsent(pattern.toLowerCase(Locale.ROOT), pattern);
        }
        return new ArrayList<>(byLowerCase.values());
    }

    /**
     * Valid patterns, half with a mode of their own, and a host; a quarter of the hosts are drawn
     * near a pattern, as others rarely match.
     */
    private static Lookup lookup(SplittableRandom r) {
        List<String> patterns = validPatterns(r);
        String host = r.nextInt(4) == 0 ? hostNear(r, patterns.get(r.nextInt(patterns.size()))) : host(r);
        return new Lookup(withModes(r, patterns), host);
    }

    /** Each pattern, or half of them, with {@code :MODE} after it, in odd case and spacing at times. */
    private static List<String> withModes(SplittableRandom r, List<String> patterns) {
        List<String> entries = new ArrayList<>();
        for (String pattern : patterns) {
            if (r.nextBoolean()) {
                entries.add(pattern);
            } else {
                String mode = oneOf(r, "ipv4-only", "ipv4-first", "ipv6-only", "ipv6-first", "auto", "IPv6-First");
                entries.add(pattern + (r.nextInt(8) == 0 ? " : " : ":") + mode);
            }
        }
        return entries;
    }

    /** Any host an application can pass: names from the patterns' alphabet, odd case, junk, literals, null. */
    private static String host(SplittableRandom r) {
        if (r.nextInt(50) == 0) {
            return null;
        }
        return switch (weighted(r, 6, 3, 2, 2, 2, 2, 1)) {
            case 0 -> hostName(r);
            case 1 -> flipSomeCase(hostName(r));
            case 2 -> hostName(r) + ".";
            case 3 -> anyCharacters(r, 40);
            case 4 -> characters(r, ".*aA", 0, 20);
            case 5 -> oneOf(r, "127.0.0.1", "::1", "[::1]", "fe80::1%lo", "fe80::1%25eth0", "2001:db8::1", "0x7f.1",
                    "", ".", "..", "a..example.com", ".example.com", "example.com.", "\u212aexample.com",
                    "bücher.example");
            default -> {
                int length = between(r, 240, 300);
                yield "a.".repeat(length).substring(0, length) + "example.com";
            }
        };
    }

    /**
     * A host on either side of a pattern's edge, so that matches are common: the name itself,
     * a wildcard's bare suffix (no match), or one label or more below it; odd case or a trailing dot.
     */
    private static String hostNear(SplittableRandom r, String pattern) {
        String name = pattern.equals("*") ? name(r)
                : !pattern.startsWith("*.") ? pattern
                : switch (weighted(r, 1, 2, 1)) {
                    case 0 -> pattern.substring(2);
                    case 1 -> label(r) + pattern.substring(1);
                    default -> name(r) + pattern.substring(1);
                };
        return switch (weighted(r, 4, 1, 1)) {
            case 0 -> name;
            case 1 -> flipSomeCase(name);
            default -> name + ".";
        };
    }

    private static String hostName(SplittableRandom r) {
        return String.join(".", list(r, 1, 3, GeneratedInputTest::name));
    }

    private static String flipSomeCase(String name) {
        char[] chars = name.toCharArray();
        for (int i = 0; i < chars.length; i += 2) {
            chars[i] = Character.toUpperCase(chars[i]);
        }
        return new String(chars);
    }

    /** A few short labels that a host repeats: a.ab.b */
    private static String hostUnit(SplittableRandom r) {
        return String.join(".", list(r, 1, 8, e -> oneOf(e, "a", "b", "ab")));
    }

    /** Distinct wildcard patterns that are chains of short labels: *.a, *.a.b, *.b.a.b, ... */
    private static List<String> labelChains(SplittableRandom r, int fewest, int most) {
        int size = between(r, fewest, most);
        Set<String> chains = new LinkedHashSet<>();
        for (int attempt = 0; chains.size() < size && attempt < 20 * most; attempt++) {
            String chain = "*." + String.join(".", list(r, 1, 60, e -> oneOf(e, "a", "b", "ab")));
            if (chain.length() <= 200) {
                chains.add(chain);
            }
        }
        return new ArrayList<>(chains);
    }

    // ---------------------------------------------------------------- the few primitives they share

    /** min to max, both included. */
    private static int between(SplittableRandom r, int min, int max) {
        return r.nextInt(min, max + 1);
    }

    private static String oneOf(SplittableRandom r, String... values) {
        return values[r.nextInt(values.length)];
    }

    /** An index into {@code weights}, each drawn in proportion to its weight. */
    private static int weighted(SplittableRandom r, int... weights) {
        int draw = r.nextInt(IntStream.of(weights).sum());
        int index = 0;
        while (draw >= weights[index]) {
            draw -= weights[index++];
        }
        return index;
    }

    private static List<String> list(SplittableRandom r, int min, int max, Function<SplittableRandom, String> element) {
        List<String> list = new ArrayList<>();
        for (int i = between(r, min, max); i > 0; i--) {
            list.add(element.apply(r));
        }
        return list;
    }

    private static String characters(SplittableRandom r, String alphabet, int min, int max) {
        StringBuilder text = new StringBuilder();
        for (int i = between(r, min, max); i > 0; i--) {
            text.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    /** Any UTF-16 code units at all: controls, unpaired surrogates, non-characters. */
    private static String anyCharacters(SplittableRandom r, int maxLength) {
        StringBuilder text = new StringBuilder();
        for (int i = between(r, 0, maxLength); i > 0; i--) {
            text.append((char) r.nextInt(0x10000));
        }
        return text.toString();
    }
}
