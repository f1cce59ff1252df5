package dev.dnspatch.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class HostPatternsTest {
    private static HostPatterns patterns(String... patterns) throws ConfigException {
        return HostPatterns.parse("hosts", Arrays.asList(patterns));
    }

    @Test
    void anExactNameMatchesThatNameOnly() throws ConfigException {
        HostPatterns hosts = patterns("db.example.com");

        assertTrue(hosts.matches("db.example.com"));
        assertFalse(hosts.matches("example.com"));
        assertFalse(hosts.matches("a.db.example.com"));
        assertFalse(hosts.matches("xdb.example.com"));
        assertFalse(hosts.matches("db.example.co"));
        assertFalse(hosts.matches("db.example.com.au"));
    }

    @Test
    void aWildcardMatchesNamesOneOrMoreLabelsBelow() throws ConfigException {
        HostPatterns hosts = patterns("*.example.com");

        assertTrue(hosts.matches("a.example.com"));
        assertTrue(hosts.matches("a.b.example.com"));
        assertTrue(hosts.matches("db-1.eu-west-1.rds.example.com"));
    }

    @Test
    void aWildcardDoesNotMatchTheNameItselfNorANameThatOnlyEndsTheSame() throws ConfigException {
        HostPatterns hosts = patterns("*.example.com");

        assertFalse(hosts.matches("example.com"));
        assertFalse(hosts.matches("badexample.com"));
        assertFalse(hosts.matches("a.badexample.com"));
        assertFalse(hosts.matches(".example.com"));
        assertFalse(hosts.matches("a.example.com.evil.org"));
        assertFalse(hosts.matches("com"));
    }

    @Test
    void starAloneMatchesEveryHost() throws ConfigException {
        HostPatterns hosts = patterns("*");

        assertTrue(hosts.matches("db.example.com"));
        assertTrue(hosts.matches("localhost"));
        assertTrue(hosts.matches("2001:db8::1"));
        assertTrue(hosts.matches("x"));
    }

    @Test
    void starAloneMatchesEvenNullEmptyAndOverlongHosts() throws ConfigException {
        HostPatterns hosts = patterns("*");

        assertTrue(hosts.matches(null));
        assertTrue(hosts.matches(""));
        assertTrue(hosts.matches("a".repeat(100_000)));
    }

    @Test
    void matchingIgnoresTheCaseOfTheHost() throws ConfigException {
        HostPatterns hosts = patterns("db.example.com", "*.example.org");

        assertTrue(hosts.matches("DB.Example.COM"));
        assertTrue(hosts.matches("A.B.EXAMPLE.ORG"));
    }

    @Test
    void matchingIgnoresTheCaseOfThePattern() throws ConfigException {
        HostPatterns hosts = patterns("DB.Example.COM", "*.EXAMPLE.Org");

        assertTrue(hosts.matches("db.example.com"));
        assertTrue(hosts.matches("a.example.org"));
        assertEquals(List.of("db.example.com", "*.example.org"), hosts.patterns());
    }

    @Test
    void aTrailingDotOnTheHostIsIgnored() throws ConfigException {
        HostPatterns hosts = patterns("db.example.com", "*.example.org");

        assertTrue(hosts.matches("db.example.com."));
        assertTrue(hosts.matches("a.example.org."));
        assertFalse(hosts.matches("example.org."));
    }

    @Test
    void aTrailingDotOnThePatternIsIgnored() throws ConfigException {
        HostPatterns hosts = patterns("db.example.com.", "*.example.org.");

        assertTrue(hosts.matches("db.example.com"));
        assertTrue(hosts.matches("db.example.com."));
        assertTrue(hosts.matches("a.example.org"));
        assertEquals(List.of("db.example.com", "*.example.org"), hosts.patterns());
    }

    @Test
    void onlyOneTrailingDotIsIgnored() throws ConfigException {
        assertFalse(patterns("db.example.com").matches("db.example.com.."));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {".", " ", "..", "*", "example", ".com"})
    void degenerateHostsDoNotMatchAndDoNotThrow(String host) throws ConfigException {
        HostPatterns hosts = patterns("db.example.com", "*.example.com");

        assertFalse(hosts.matches(host));
    }

    @Test
    void aVeryLongHostDoesNotMatchAndDoesNotThrow() throws ConfigException {
        HostPatterns hosts = patterns("db.example.com", "*.example.com");
        String longLabel = "a".repeat(100_000);
        String manyLabels = "a.".repeat(50_000) + "example.com";

        assertFalse(hosts.matches(longLabel));
        assertFalse(hosts.matches(manyLabels));
        assertFalse(hosts.matches(longLabel + ".example.com"));
    }

    @Test
    void noPatternsMatchNothing() throws ConfigException {
        HostPatterns none = HostPatterns.none();

        assertTrue(none.isEmpty());
        assertEquals(List.of(), none.patterns());
        assertFalse(none.matches("db.example.com"));
        assertFalse(none.matches(null));
        assertFalse(none.matches(""));
        assertEquals("", none.toString());
    }

    @Test
    void exactAndWildcardForTheSameNameAreIndependent() throws ConfigException {
        HostPatterns exact = patterns("example.com");
        HostPatterns both = patterns("example.com", "*.example.com");

        assertFalse(exact.matches("a.example.com"));
        assertTrue(both.matches("example.com"));
        assertTrue(both.matches("a.example.com"));
    }

    @Test
    void wildcardsOfDifferentDepthsAllWork() throws ConfigException {
        HostPatterns hosts = patterns("*.com", "*.example.org", "*.deep.example.net");

        assertTrue(hosts.matches("example.com"));
        assertTrue(hosts.matches("a.example.org"));
        assertTrue(hosts.matches("x.deep.example.net"));
        assertFalse(hosts.matches("deep.example.net"));
        assertFalse(hosts.matches("other.example.net"));
        assertFalse(hosts.matches("com"));
    }

    @Test
    void hostNamesWithDigitsHyphensAndUnderscoresAreAccepted() throws ConfigException {
        HostPatterns hosts = patterns("db-1.eu-west-1.example.com", "_service._tcp.example.com", "10.0.0.1");

        assertTrue(hosts.matches("DB-1.EU-WEST-1.example.com"));
        assertTrue(hosts.matches("_service._tcp.example.com"));
        assertTrue(hosts.matches("10.0.0.1"));
    }

    @Test
    void labelsOf63AndNamesOf253CharactersAreAccepted() throws ConfigException {
        String label63 = "a".repeat(63);
        // 63 + 1 + 63 + 1 + 63 + 1 + 61 = 253 characters.
        String name253 = label63 + "." + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(61);
        HostPatterns hosts = patterns(label63 + ".example.com", name253, "*." + label63 + ".org");

        assertEquals(253, name253.length());
        assertTrue(hosts.matches(label63 + ".example.com"));
        assertTrue(hosts.matches(name253));
        assertTrue(hosts.matches(name253.toUpperCase() + "."));
        assertTrue(hosts.matches("x." + label63 + ".org"));
    }

    @Test
    void manyPatternsMatchExactlyTheNamesTheyName() throws ConfigException {
        List<String> raw = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            raw.add("host" + i + ".example.com");
            raw.add("*.zone" + i + ".example.org");
        }
        HostPatterns hosts = HostPatterns.parse("hosts", raw);

        assertEquals(4_000, hosts.patterns().size());
        for (int i = 0; i < 2_000; i++) {
            assertTrue(hosts.matches("host" + i + ".example.com"), "host" + i);
            assertTrue(hosts.matches("db.zone" + i + ".example.org"), "zone" + i);
            assertFalse(hosts.matches("zone" + i + ".example.org"), "zone" + i + " itself");
        }
        assertFalse(hosts.matches("host2000.example.com"));
        assertFalse(hosts.matches("db.zone2000.example.org"));
        assertFalse(hosts.matches("a.host1.example.com"));
    }

    @Test
    void hostileHostsAgainstManyPatternsDoNotMatch() throws ConfigException {
        List<String> raw = new ArrayList<>();
        for (int i = 1; i <= 60; i++) {
            raw.add("*." + "a.".repeat(i) + "example.com");
        }
        HostPatterns hosts = HostPatterns.parse("hosts", raw);
        String hostile = "a.".repeat(126) + "x";

        assertFalse(hosts.matches(hostile));
        assertFalse(hosts.matches(hostile + ".example.com"));
        assertTrue(hosts.matches("x." + "a.".repeat(60) + "example.com"));
    }

    @Test
    void patternsKeepTheOrderGivenAndPrintCommaSeparated() throws ConfigException {
        HostPatterns hosts = patterns("z.example.com", "*.a.example.com", "*", "m.example.com");

        assertEquals(List.of("z.example.com", "*.a.example.com", "*", "m.example.com"), hosts.patterns());
        assertEquals("z.example.com,*.a.example.com,*,m.example.com", hosts.toString());
        assertFalse(hosts.isEmpty());
    }

    @Test
    void whitespaceAroundAPatternIsTrimmed() throws ConfigException {
        assertEquals(List.of("db.example.com"), patterns("  db.example.com\t").patterns());
    }

    @Test
    void theErrorNamesTheSourceItCameFrom() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> HostPatterns.parse("DNSPATCH_HOSTS", List.of("db.*.com")));

        assertTrue(e.getMessage().contains(" in DNSPATCH_HOSTS [db.*.com]"), e.getMessage());
    }

    /** The pattern of the rule that decides for a host, or null. */
    private static String ruleFor(HostPatterns hosts, String host) {
        int rule = hosts.ruleOf(host);
        return rule == HostPatterns.NO_RULE ? null : hosts.pattern(rule) + (hosts.mode(rule) == null ? ""
                : ":" + hosts.mode(rule).word());
    }

    @Test
    void aPatternMayEndInItsOwnMode() throws ConfigException {
        HostPatterns hosts = patterns("*.supabase.co", "*.corp.internal:ipv6-first", "DB.Example.com. : IPv4-First");

        assertEquals(List.of("*.supabase.co", "*.corp.internal", "db.example.com"), hosts.patterns());
        assertEquals("*.supabase.co,*.corp.internal:ipv6-first,db.example.com:ipv4-first", hosts.toString());
        assertEquals(null, hosts.mode(0));
        assertEquals(Mode.IPV6_FIRST, hosts.mode(1));
        assertEquals(Mode.IPV4_FIRST, hosts.mode(2));
        assertEquals("*.corp.internal:ipv6-first", ruleFor(hosts, "API.corp.internal."));
        assertEquals("db.example.com:ipv4-first", ruleFor(hosts, "db.example.com"));
        assertEquals(null, ruleFor(hosts, "corp.internal"));
    }

    @Test
    void everyModeCanFollowAPattern() throws ConfigException {
        for (Mode mode : Mode.values()) {
            HostPatterns hosts = patterns("db.example.com:" + mode.word());

            assertEquals(mode, hosts.mode(hosts.ruleOf("db.example.com")));
        }
    }

    /** Overlapping patterns with different modes, written in every order: the most specific decides. */
    @Test
    void theMostSpecificPatternDecidesWhateverTheOrderWritten() throws ConfigException {
        List<String> rules = List.of("*:auto", "*.example.com:ipv4-first", "*.eu.example.com:ipv6-first",
                "db.eu.example.com:ipv4-only", "eu.example.com:ipv6-only");
        List<List<String>> orders = new ArrayList<>();
        permutations(new ArrayList<>(rules), 0, orders);
        assertEquals(120, orders.size());
        for (List<String> order : orders) {
            HostPatterns hosts = HostPatterns.parse("hosts", order);

            assertEquals("db.eu.example.com:ipv4-only", ruleFor(hosts, "db.eu.example.com"), order.toString());
            assertEquals("*.eu.example.com:ipv6-first", ruleFor(hosts, "a.db.eu.example.com"), order.toString());
            assertEquals("*.eu.example.com:ipv6-first", ruleFor(hosts, "x.eu.example.com"), order.toString());
            assertEquals("eu.example.com:ipv6-only", ruleFor(hosts, "eu.example.com"), order.toString());
            assertEquals("*.example.com:ipv4-first", ruleFor(hosts, "us.example.com"), order.toString());
            assertEquals("*:auto", ruleFor(hosts, "example.com"), order.toString());
            assertEquals("*:auto", ruleFor(hosts, "db.example.org"), order.toString());
            assertEquals("*:auto", ruleFor(hosts, null), order.toString());
        }
    }

    private static void permutations(List<String> items, int from, List<List<String>> out) {
        if (from == items.size()) {
            out.add(new ArrayList<>(items));
            return;
        }
        for (int i = from; i < items.size(); i++) {
            java.util.Collections.swap(items, from, i);
            permutations(items, from + 1, out);
            java.util.Collections.swap(items, from, i);
        }
    }

    @Test
    void aWildcardDoesNotDecideForItsOwnSuffixEvenWhenDeeperOnesExist() throws ConfigException {
        HostPatterns hosts = patterns("*.example.com:ipv4-only", "*.a.example.com:ipv6-only");

        assertEquals("*.example.com:ipv4-only", ruleFor(hosts, "a.example.com"));
        assertEquals("*.a.example.com:ipv6-only", ruleFor(hosts, "b.a.example.com"));
        assertEquals(null, ruleFor(hosts, "example.com"));
    }

    @Test
    void aRuleIsAnIndexIntoThePatternsAsGiven() throws ConfigException {
        HostPatterns hosts = patterns("a.example.com", "*.example.com:auto", "*");

        assertEquals(0, hosts.ruleOf("a.example.com"));
        assertEquals(1, hosts.ruleOf("b.example.com"));
        assertEquals(2, hosts.ruleOf("b.example.org"));
        assertEquals(HostPatterns.NO_RULE, HostPatterns.none().ruleOf("a.example.com"));
    }

    @Test
    void canonicalLowersTheCaseAndDropsOneTrailingDot() {
        assertEquals("db.example.com", HostPatterns.canonical("DB.Example.com."));
        assertEquals("db.example.com", HostPatterns.canonical("db.example.com"));
        assertEquals("db.example.com.", HostPatterns.canonical("db.example.com.."));
        assertEquals("", HostPatterns.canonical("."));
    }
}
