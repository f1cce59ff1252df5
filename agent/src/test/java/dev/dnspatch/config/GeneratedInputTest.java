package dev.dnspatch.config;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Generated input for the configuration parser and the host matcher: 131,000 tries in all.
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
        "hosts", "mode", "log", "engine", "strict", "HOSTS", "host", "Mode", "=", "=", ",", ",", ",", " ", "\t",
        "\n", "\r", "\u0000", "\u0007", "\u001b", "\u007f", "\u0085", "\u2028", "*", "*.", ".", "..", "-", "_", ":",
        ";", "/", "example", "com", "db", "xn--", "ö", "\u212a", "\ud83d\ude00", "\ud800", "ipv4-only", "ipv4-first",
        "ipv6-only", "ipv6-first", "auto", "off", "debug", "spi", "instrument", "true", "false", "TRUE", "garbage",
        "a".repeat(63), "b".repeat(64), "c".repeat(300),
    };
    private static final String[] PROPERTY_NAMES = {
        "dnspatch.hosts", "dnspatch.mode", "dnspatch.log", "dnspatch.engine", "dnspatch.strict", "dnspatch.host",
        "dnspatch.", "dnspatch.HOSTS", "other.property",
    };
    private static final String[] ENV_NAMES = {
        "DNSPATCH_HOSTS", "DNSPATCH_MODE", "DNSPATCH_LOG", "DNSPATCH_ENGINE", "DNSPATCH_STRICT", "DNSPATCH_HOST",
        "DNSPATCH_", "dnspatch_hosts", "PATH",
    };

    private static com.sun.management.ThreadMXBean threads;

    @BeforeContainer
    static void allocationCounter() {
        threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    }

    // ---------------------------------------------------------------- the parser

    @Property(tries = 40_000, edgeCases = EdgeCasesMode.NONE)
    void agentArgumentsParseOrFailWithOneLine(@ForAll("text") String agentArgs) {
        parseOrOneLine(agentArgs, Map.of(), Map.of());
    }

    @Property(tries = 30_000, edgeCases = EdgeCasesMode.NONE)
    void allThreePlacesTogetherParseOrFailWithOneLine(@ForAll("textOrNull") String agentArgs,
            @ForAll("properties") Map<String, String> properties, @ForAll("environment") Map<String, String> env) {
        parseOrOneLine(agentArgs, properties, env);
        // What premain reads when parsing failed must never fail itself.
        Config.strictRequested(agentArgs, properties, env);
        Config.logRequested(agentArgs, properties, env);
    }

    @Property(tries = 20_000, edgeCases = EdgeCasesMode.NONE)
    void patternListsParseOrFailWithOneLine(@ForAll("patternLists") List<String> patterns) {
        try {
            HostPatterns parsed = HostPatterns.parse("hosts", patterns);
            for (String pattern : parsed.patterns()) {
                // What parsing keeps is normalized: lower-case ASCII, no trailing dot.
                if (!pattern.equals(pattern.toLowerCase(java.util.Locale.ROOT)) || pattern.endsWith(".")) {
                    throw new AssertionError("not normalized: " + pattern);
                }
            }
        } catch (ConfigException e) {
            assertOneLine(e);
        }
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

    @Property(tries = 40_000, edgeCases = EdgeCasesMode.NONE)
    void matcherAgreesWithTheRulesAndNeverThrows(@ForAll("validPatterns") List<String> patterns,
            @ForAll("hosts") String host) throws ConfigException {
        HostPatterns parsed = HostPatterns.parse("hosts", patterns);
        boolean expected = model(parsed.patterns(), host);
        if (parsed.matches(host) != expected) {
            throw new AssertionError("patterns " + parsed + ", host [" + host + "]: expected " + expected);
        }
    }

    /**
     * The documented rules, written as plainly as possible: exact names, {@code *.suffix} for
     * one label or more below it, {@code *} for all; ASCII case and one trailing dot ignored.
     */
    private static boolean model(List<String> patterns, String host) {
        if (patterns.contains("*")) {
            return true;
        }
        if (host == null || host.isEmpty() || host.length() > 254) {
            return false;
        }
        StringBuilder lower = new StringBuilder();
        for (char c : host.toCharArray()) {
            lower.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
        }
        String name = lower.toString();
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        for (String pattern : patterns) {
            if (pattern.startsWith("*.")) {
                String suffix = pattern.substring(1);
                if (name.endsWith(suffix) && name.length() > suffix.length()) {
                    return true;
                }
            } else if (name.equals(pattern)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Linear: for one set of wildcard patterns, a host about 8 times longer than another of the
     * same shape costs at most 16 times the work (a quadratic matcher costs about 64 times), and
     * never more than a fixed number of bytes per character. Patterns here are chains of one-
     * and two-letter labels, the worst case for a matcher that tries every suffix.
     */
    @Property(tries = 1_000, edgeCases = EdgeCasesMode.NONE)
    void matchingWorkIsLinearInTheHostName(@ForAll("labelChains") List<String> wildcards,
            @ForAll("hostUnits") String unit) throws ConfigException {
        Assume.that(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        HostPatterns parsed = HostPatterns.parse("hosts", wildcards);
        String shortHost = repeatTo(unit, 30);
        String longHost = repeatTo(unit, 8 * shortHost.length());
        long shortWork = Long.MAX_VALUE;
        long longWork = Long.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            shortWork = Math.min(shortWork, work(parsed, shortHost));
            longWork = Math.min(longWork, work(parsed, longHost));
        }
        long oneLabel = 24 + 16 + 8; // one short String and its array: the least a call that reads a label copies
        if (longWork > 16 * Math.max(shortWork, oneLabel) || longWork > 64L * longHost.length() + 256) {
            throw new AssertionError("matching " + longHost.length() + " characters took " + longWork
                    + " bytes of work, " + shortHost.length() + " characters took " + shortWork + "; patterns "
                    + parsed);
        }
    }

    private static final int CALLS = 50;
    /** Keeps the JIT from dropping calls whose result nothing reads. */
    private static volatile boolean matched;

    /** The bytes one call of matches allocates, averaged over a batch. */
    private static long work(HostPatterns patterns, String host) {
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

    @Provide
    Arbitrary<String> text() {
        Arbitrary<String> pieces = Arbitraries.of(PIECES).list().ofMaxSize(24).map(list -> String.join("", list));
        Arbitrary<String> anything = Arbitraries.strings().withCharRange('\u0000', '\uffff').ofMaxLength(80);
        Arbitrary<String> huge = Arbitraries.of(",", "a", "a.", "*.", "=").map(s -> s.repeat(100_000 / s.length()));
        return Arbitraries.frequencyOf(
                // 100 kB values are rare: each costs milliseconds to make, and a few hundred cover them.
                Tuple.of(150, pieces), Tuple.of(50, anything), Tuple.of(1, huge));
    }

    @Provide
    Arbitrary<String> textOrNull() {
        return text().injectNull(0.2);
    }

    @Provide
    Arbitrary<Map<String, String>> properties() {
        return places(PROPERTY_NAMES);
    }

    @Provide
    Arbitrary<Map<String, String>> environment() {
        return places(ENV_NAMES);
    }

    private Arbitrary<Map<String, String>> places(String[] names) {
        return Combinators.combine(Arbitraries.of(names).list().ofMaxSize(4), text().list().ofSize(4))
                .as((keys, values) -> {
                    Map<String, String> map = new LinkedHashMap<>();
                    for (int i = 0; i < keys.size(); i++) {
                        map.put(keys.get(i), values.get(i));
                    }
                    return map;
                });
    }

    @Provide
    Arbitrary<List<String>> patternLists() {
        return Arbitraries.oneOf(text(), validPattern()).list().ofMaxSize(8);
    }

    /** Labels from a small alphabet, so that hosts and patterns often share suffixes. */
    private static Arbitrary<String> label() {
        return Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.of("a", "b", "db", "example", "com", "co", "xn--bcher-kva")),
                Tuple.of(2, Arbitraries.strings().withChars("abAB01-_").ofMinLength(1).ofMaxLength(63)));
    }

    private static Arbitrary<String> name() {
        return label().list().ofMinSize(1).ofMaxSize(6).map(labels -> String.join(".", labels));
    }

    private static Arbitrary<String> validPattern() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, name()),
                Tuple.of(6, name().map(n -> "*." + n)),
                Tuple.of(1, Arbitraries.just("*")))
                .filter(p -> p.length() <= 200);
    }

    @Provide
    Arbitrary<List<String>> validPatterns() {
        return validPattern().list().ofMinSize(1).ofMaxSize(6).uniqueElements(p -> p.toLowerCase(java.util.Locale.ROOT));
    }

    @Provide
    Arbitrary<String> hosts() {
        Arbitrary<String> names = name().list().ofMinSize(1).ofMaxSize(3).map(parts -> String.join(".", parts));
        Arbitrary<String> cased = names.map(GeneratedInputTest::flipSomeCase);
        Arbitrary<String> trailingDots = names.map(n -> n + ".");
        Arbitrary<String> junk = Arbitraries.strings().withCharRange('\u0000', '\uffff').ofMaxLength(40);
        Arbitrary<String> dotsAndStars = Arbitraries.strings().withChars(".*aA").ofMaxLength(20);
        Arbitrary<String> literals = Arbitraries.of("127.0.0.1", "::1", "[::1]", "fe80::1%lo", "fe80::1%25eth0",
                "2001:db8::1", "0x7f.1", "", ".", "..", "a..example.com", ".example.com", "example.com.",
                "\u212aexample.com", "bücher.example");
        Arbitrary<String> longNames = Arbitraries.integers().between(240, 300)
                .map(n -> ("a.".repeat(n)).substring(0, n) + "example.com");
        return Arbitraries.frequencyOf(
                Tuple.of(6, names), Tuple.of(3, cased),
                Tuple.of(2, trailingDots), Tuple.of(2, junk),
                Tuple.of(2, dotsAndStars), Tuple.of(2, literals),
                Tuple.of(1, longNames))
                .injectNull(0.02);
    }

    private static String flipSomeCase(String name) {
        char[] chars = name.toCharArray();
        for (int i = 0; i < chars.length; i += 2) {
            chars[i] = Character.toUpperCase(chars[i]);
        }
        return new String(chars);
    }

    /** A few short labels that a host repeats: a.ab.b */
    @Provide
    Arbitrary<String> hostUnits() {
        return Arbitraries.of("a", "b", "ab").list().ofMinSize(1).ofMaxSize(8).map(labels -> String.join(".", labels));
    }

    /** Wildcard patterns that are chains of short labels: *.a, *.a.b, *.b.a.b, ... */
    @Provide
    Arbitrary<List<String>> labelChains() {
        Arbitrary<String> chain = Arbitraries.of("a", "b", "ab").list().ofMinSize(1).ofMaxSize(60)
                .map(labels -> "*." + String.join(".", labels)).filter(pattern -> pattern.length() <= 200);
        return chain.list().ofMinSize(1).ofMaxSize(40).uniqueElements();
    }
}
