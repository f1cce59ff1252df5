package dev.dnspatch.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dnspatch.config.Config;
import dev.dnspatch.config.ConfigException;
import dev.dnspatch.config.LogLevel;
import dev.dnspatch.config.Mode;
import dev.dnspatch.log.Log;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressPolicyTest {
    private static final String HOST = "db.example.com";

    private static final InetAddress V4_A = ip("192.0.2.1");
    private static final InetAddress V4_B = ip("192.0.2.2");
    private static final InetAddress V4_C = ip("198.51.100.7");
    private static final InetAddress V6_A = ip("2001:db8:0:0:0:0:0:1");
    private static final InetAddress V6_B = ip("2001:db8:0:0:0:0:0:2");
    private static final InetAddress V6_C = ip("2a05:d018:135e:163a:3c6d:ff67:3c0d:c875");

    /** IP literals only: getByName parses them and never asks DNS. */
    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static InetAddress[] addresses(InetAddress... addresses) {
        return addresses;
    }

    private static AddressPolicy policy(String hosts, Mode mode) throws ConfigException {
        return new AddressPolicy(Config.parse("hosts=" + hosts + ",mode=" + mode.word(), Map.of(), Map.of()));
    }

    private static AddressPolicy policy(Mode mode) throws ConfigException {
        return policy("*.example.com", mode);
    }

    @BeforeEach
    void quiet() {
        Log.setLevel(LogLevel.OFF);
    }

    @AfterEach
    void restoreLogLevel() {
        Log.setLevel(LogLevel.INFO);
    }

    @Nested
    class MixedAnswers {
        private final InetAddress[] mixed = addresses(V6_A, V4_A, V6_B, V4_B, V4_C);

        @Test
        void ipv4OnlyKeepsTheIpv4AddressesInTheirOrder() throws Exception {
            assertArrayEquals(addresses(V4_A, V4_B, V4_C), policy(Mode.IPV4_ONLY).apply(HOST, mixed));
        }

        @Test
        void ipv4FirstPutsIpv4FirstThenIpv6EachInTheirOrder() throws Exception {
            assertArrayEquals(addresses(V4_A, V4_B, V4_C, V6_A, V6_B), policy(Mode.IPV4_FIRST).apply(HOST, mixed));
        }

        @Test
        void ipv6OnlyKeepsTheIpv6AddressesInTheirOrder() throws Exception {
            assertArrayEquals(addresses(V6_A, V6_B), policy(Mode.IPV6_ONLY).apply(HOST, mixed));
        }

        @Test
        void ipv6FirstPutsIpv6FirstThenIpv4EachInTheirOrder() throws Exception {
            assertArrayEquals(addresses(V6_A, V6_B, V4_A, V4_B, V4_C), policy(Mode.IPV6_FIRST).apply(HOST, mixed));
        }

        @Test
        void theResolversOrderWithinAFamilyIsKeptWhateverItIs() throws Exception {
            InetAddress[] answer = addresses(V4_C, V6_B, V4_A, V6_A, V4_B);

            assertArrayEquals(addresses(V4_C, V4_A, V4_B, V6_B, V6_A), policy(Mode.IPV4_FIRST).apply(HOST, answer));
            assertArrayEquals(addresses(V6_B, V6_A, V4_C, V4_A, V4_B), policy(Mode.IPV6_FIRST).apply(HOST, answer));
        }

        @ParameterizedTest
        @EnumSource(Mode.class)
        void theAnswerGivenIsNeverModified(Mode mode) throws Exception {
            InetAddress[] copy = mixed.clone();

            policy(mode).apply(HOST, mixed);

            assertArrayEquals(copy, mixed);
        }
    }

    @Nested
    class OneFamilyAnswers {
        @ParameterizedTest
        @EnumSource(value = Mode.class, names = {"IPV4_ONLY", "IPV4_FIRST", "IPV6_FIRST"})
        void anIpv4OnlyAnswerIsKeptAsItIsByEveryModeThatAllowsIpv4(Mode mode) throws Exception {
            InetAddress[] answer = addresses(V4_B, V4_A);

            assertArrayEquals(addresses(V4_B, V4_A), policy(mode).apply(HOST, answer));
        }

        @ParameterizedTest
        @EnumSource(value = Mode.class, names = {"IPV6_ONLY", "IPV6_FIRST", "IPV4_FIRST"})
        void anIpv6OnlyAnswerIsKeptAsItIsByEveryModeThatAllowsIpv6(Mode mode) throws Exception {
            InetAddress[] answer = addresses(V6_B, V6_A);

            assertArrayEquals(addresses(V6_B, V6_A), policy(mode).apply(HOST, answer));
        }

        /** The JDK 8 name service compares its "unknown host" array by identity, so no copy may replace it. */
        @Test
        void anAnswerThatNeedsNoChangeIsReturnedAsTheSameArray() throws Exception {
            InetAddress[] v4 = addresses(V4_B, V4_A);
            InetAddress[] v4ThenV6 = addresses(V4_A, V6_A);
            InetAddress[] v6 = addresses(V6_A, V6_B);

            assertSame(v4, policy(Mode.IPV4_ONLY).apply(HOST, v4));
            assertSame(v4ThenV6, policy(Mode.IPV4_FIRST).apply(HOST, v4ThenV6));
            assertSame(v4, policy(Mode.IPV6_FIRST).apply(HOST, v4));
            assertSame(v6, policy(Mode.IPV6_ONLY).apply(HOST, v6));
        }

        @ParameterizedTest
        @EnumSource(Mode.class)
        void anEmptyAnswerIsReturnedUntouched(Mode mode) throws Exception {
            InetAddress[] empty = new InetAddress[0];

            assertSame(empty, policy(mode).apply(HOST, empty));
        }

        @ParameterizedTest
        @EnumSource(Mode.class)
        void noAnswerIsReturnedUntouched(Mode mode) throws Exception {
            assertNull(policy(mode).apply(HOST, null));
        }
    }

    @Nested
    class HostsNotNamed {
        @ParameterizedTest
        @EnumSource(Mode.class)
        void aHostOutsideThePatternsGetsTheSameArrayBack(Mode mode) throws Exception {
            InetAddress[] answer = addresses(V6_A, V4_A, V6_B);

            assertSame(answer, policy(mode).apply("db.example.org", answer));
            assertArrayEquals(addresses(V6_A, V4_A, V6_B), answer);
        }

        @ParameterizedTest
        @EnumSource(value = Mode.class, names = {"IPV4_ONLY", "IPV6_ONLY"})
        void aHostOutsideThePatternsIsNotFailedEvenWhenTheModeWouldLeaveNothing(Mode mode) throws Exception {
            InetAddress[] v4 = addresses(V4_A);
            InetAddress[] v6 = addresses(V6_A);
            AddressPolicy policy = policy(mode);

            assertSame(v4, policy.apply("example.com", v4));
            assertSame(v6, policy.apply("example.com", v6));
        }

        @ParameterizedTest
        @ValueSource(strings = {"example.com", "badexample.com", "localhost", ""})
        void namesNearThePatternAreNotTouched(String host) throws Exception {
            InetAddress[] answer = addresses(V6_A, V4_A);

            assertSame(answer, policy(Mode.IPV4_ONLY).apply(host, answer));
        }

        @Test
        void aNullHostIsNotTouched() throws Exception {
            InetAddress[] answer = addresses(V6_A, V4_A);

            assertSame(answer, policy(Mode.IPV4_ONLY).apply(null, answer));
        }

        @Test
        void matchingIgnoresCaseAndATrailingDot() throws Exception {
            AddressPolicy policy = policy("db.example.com", Mode.IPV4_ONLY);

            assertArrayEquals(addresses(V4_A), policy.apply("DB.Example.COM.", addresses(V6_A, V4_A)));
        }

        @Test
        void starMatchesEveryHost() throws Exception {
            AddressPolicy policy = policy("*", Mode.IPV6_FIRST);

            assertArrayEquals(addresses(V6_A, V4_A), policy.apply("anything.test", addresses(V4_A, V6_A)));
        }
    }

    @Nested
    class NothingLeft {
        @Test
        void ipv4OnlyOnAnIpv6OnlyHostFailsWithTheDocumentedMessage() throws Exception {
            AddressPolicy policy = policy("v6only.example.test", Mode.IPV4_ONLY);

            UnknownHostException e = assertThrows(UnknownHostException.class,
                    () -> policy.apply("v6only.example.test", addresses(V6_B)));

            assertEquals("v6only.example.test: no IPv4 address, only 2001:db8::2; dnspatch mode=ipv4-only removed it."
                    + " Use an IPv4 endpoint for this host (for example the provider's connection pooler) or give"
                    + " this machine IPv6 connectivity", e.getMessage());
        }

        @Test
        void theMessageNamesTheHostItsAddressesTheModeAndWhatToDo() throws Exception {
            UnknownHostException e = assertThrows(UnknownHostException.class,
                    () -> policy(Mode.IPV4_ONLY).apply("direct.db.example.com", addresses(V6_C, V6_A)));
            String message = e.getMessage();

            assertTrue(message.startsWith("direct.db.example.com: "), message);
            assertTrue(message.contains("2a05:d018:135e:163a:3c6d:ff67:3c0d:c875, 2001:db8::1"), message);
            assertTrue(message.contains("dnspatch mode=ipv4-only removed them"), message);
            assertTrue(message.contains("IPv4 endpoint"), message);
            assertTrue(message.contains("connection pooler"), message);
            assertTrue(message.contains("IPv6 connectivity"), message);
            assertFalse(message.contains("0:0:0"), message);
            assertFalse(message.contains("\n"), message);
        }

        @Test
        void ipv6OnlyOnAnIpv4OnlyHostFailsAndAsksForAnIpv6EndpointOrIpv4() throws Exception {
            UnknownHostException e = assertThrows(UnknownHostException.class,
                    () -> policy(Mode.IPV6_ONLY).apply(HOST, addresses(V4_A, V4_B)));
            String message = e.getMessage();

            assertTrue(message.startsWith(HOST + ": no IPv6 address, only 192.0.2.1, 192.0.2.2;"), message);
            assertTrue(message.contains("dnspatch mode=ipv6-only removed them"), message);
            assertTrue(message.contains("Use an IPv6 endpoint"), message);
            assertTrue(message.contains("IPv4 connectivity"), message);
        }

        @Test
        void aLongListOfAddressesIsCutAfterFour() throws Exception {
            InetAddress[] six = addresses(ip("2001:db8::1"), ip("2001:db8::2"), ip("2001:db8::3"), ip("2001:db8::4"),
                    ip("2001:db8::5"), ip("2001:db8::6"));

            UnknownHostException e = assertThrows(UnknownHostException.class,
                    () -> policy(Mode.IPV4_ONLY).apply(HOST, six));

            assertTrue(e.getMessage().contains("only 2001:db8::1, 2001:db8::2, 2001:db8::3, 2001:db8::4 and 2 more;"),
                    e.getMessage());
        }

        @Test
        void theHostIsNamedAsTheApplicationAskedForIt() throws Exception {
            UnknownHostException e = assertThrows(UnknownHostException.class,
                    () -> policy(Mode.IPV4_ONLY).apply("DB.Example.com", addresses(V6_A)));

            assertTrue(e.getMessage().startsWith("DB.Example.com: no IPv4 address"), e.getMessage());
        }
    }

    @Nested
    class OneFamilyLookups {
        @ParameterizedTest
        @EnumSource(value = Mode.class, names = {"IPV4_ONLY", "IPV6_ONLY"})
        void onlyModesAskForOneFamilyForMatchingHosts(Mode mode) throws Exception {
            AddressPolicy policy = policy(mode);
            int family = mode == Mode.IPV4_ONLY ? AddressPolicy.IPV4 : AddressPolicy.IPV6;

            assertEquals(family, policy.askFor(HOST));
            assertEquals(family, policy.askFor("A.B.EXAMPLE.COM."));
            assertEquals(AddressPolicy.BOTH, policy.askFor("example.com"));
            assertEquals(AddressPolicy.BOTH, policy.askFor("db.example.org"));
            assertEquals(AddressPolicy.BOTH, policy.askFor(null));
            assertFalse(policy.needsBothFamilies(HOST));
        }

        @ParameterizedTest
        @EnumSource(value = Mode.class, names = {"IPV4_FIRST", "IPV6_FIRST", "AUTO"})
        void firstModesAndAutoNeverAskForOneFamilyAndNeedBoth(Mode mode) throws Exception {
            AddressPolicy policy = policy(mode);

            assertEquals(AddressPolicy.BOTH, policy.askFor(HOST));
            assertEquals(AddressPolicy.BOTH, policy.askFor("db.example.org"));
            assertTrue(policy.needsBothFamilies(HOST));
            assertFalse(policy.needsBothFamilies("db.example.org"));
        }

        @Test
        void noHostsMeansNoOneFamilyLookup() throws Exception {
            AddressPolicy policy = new AddressPolicy(Config.parse("mode=ipv4-only", Map.of(), Map.of()));

            assertEquals(AddressPolicy.BOTH, policy.askFor(HOST));
            assertFalse(policy.needsBothFamilies(HOST));
        }

        @Test
        void theRulesShowEveryPatternWithTheModeThatAppliesToIt() throws Exception {
            AddressPolicy policy = new AddressPolicy(Config.parse("hosts=*.example.com,db.example.org:ipv6-first,"
                    + "*:auto,mode=ipv4-first", Map.of(), Map.of()));

            assertEquals("*.example.com:ipv4-first,db.example.org:ipv6-first,*:auto", policy.rules());
        }

        @Test
        void aOneFamilyAnswerIsReturnedInItsOrder() throws Exception {
            assertArrayEquals(addresses(V4_B, V4_A),
                    policy(Mode.IPV4_ONLY).applyToOneFamilyAnswer(HOST, addresses(V4_B, V4_A)));
            assertArrayEquals(addresses(V6_B, V6_A),
                    policy(Mode.IPV6_ONLY).applyToOneFamilyAnswer(HOST, addresses(V6_B, V6_A)));
        }

        @Test
        void anyAddressOfTheOtherFamilyInAOneFamilyAnswerIsStillDropped() throws Exception {
            assertArrayEquals(addresses(V4_A, V4_B),
                    policy(Mode.IPV4_ONLY).applyToOneFamilyAnswer(HOST, addresses(V6_A, V4_A, V4_B)));
        }

        @Test
        void aOneFamilyAnswerWithNothingOfThatFamilyFailsWithTheExplanation() throws Exception {
            UnknownHostException e = assertThrows(UnknownHostException.class,
                    () -> policy(Mode.IPV4_ONLY).applyToOneFamilyAnswer(HOST, addresses(V6_A)));

            assertTrue(e.getMessage().startsWith(HOST + ": no IPv4 address, only 2001:db8::1;"), e.getMessage());
            assertTrue(e.getMessage().contains("dnspatch mode=ipv4-only removed it"), e.getMessage());
        }
    }

    /** A mode per pattern: each host gets the mode of its most specific pattern, whatever the order written. */
    @Nested
    class Rules {
        private final InetAddress[] mixed = addresses(V6_A, V4_A, V6_B, V4_B);

        private AddressPolicy rules(String hosts) throws ConfigException {
            return new AddressPolicy(Config.parse("hosts=" + hosts, Map.of(), Map.of()));
        }

        @Test
        void eachHostGetsTheModeOfItsOwnRule() throws Exception {
            AddressPolicy policy = rules("db.example.com,*.corp.internal:ipv6-first");

            assertArrayEquals(addresses(V4_A, V4_B), policy.apply("db.example.com", mixed));
            assertArrayEquals(addresses(V6_A, V6_B, V4_A, V4_B), policy.apply("api.corp.internal", mixed));
            assertSame(mixed, policy.apply("db.example.org", mixed));
            assertEquals(AddressPolicy.IPV4, policy.askFor("db.example.com"));
            assertEquals(AddressPolicy.BOTH, policy.askFor("api.corp.internal"));
            assertTrue(policy.needsBothFamilies("api.corp.internal"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"*.example.com:ipv6-only,db.example.com:ipv4-only",
            "db.example.com:ipv4-only,*.example.com:ipv6-only"})
        void anExactNameWinsOverAWildcardInEitherOrder(String hosts) throws Exception {
            AddressPolicy policy = rules(hosts);

            assertArrayEquals(addresses(V4_A, V4_B), policy.apply("db.example.com", mixed));
            assertArrayEquals(addresses(V6_A, V6_B), policy.apply("other.example.com", mixed));
        }

        @ParameterizedTest
        @ValueSource(strings = {"*.example.com:ipv4-only,*.eu.example.com:ipv6-first,*:ipv4-first",
            "*:ipv4-first,*.eu.example.com:ipv6-first,*.example.com:ipv4-only",
            "*.eu.example.com:ipv6-first,*:ipv4-first,*.example.com:ipv4-only"})
        void aLongerSuffixWinsOverAShorterOneAndStarComesLast(String hosts) throws Exception {
            AddressPolicy policy = rules(hosts);

            assertArrayEquals(addresses(V6_A, V6_B, V4_A, V4_B), policy.apply("db.eu.example.com", mixed));
            assertArrayEquals(addresses(V4_A, V4_B), policy.apply("db.us.example.com", mixed));
            assertArrayEquals(addresses(V4_A, V4_B, V6_A, V6_B), policy.apply("db.example.org", mixed));
            // The bare suffix is not below it: the shorter wildcard decides.
            assertArrayEquals(addresses(V4_A, V4_B), policy.apply("eu.example.com", mixed));
        }

        @Test
        void patternsWithoutAModeUseTheModeOption() throws Exception {
            AddressPolicy policy = new AddressPolicy(Config.parse("hosts=db.example.com,*.example.org:ipv4-only,"
                    + "mode=ipv6-only", Map.of(), Map.of()));

            assertArrayEquals(addresses(V6_A, V6_B), policy.apply("db.example.com", mixed));
            assertArrayEquals(addresses(V4_A, V4_B), policy.apply("a.example.org", mixed));
        }

        @Test
        void nothingLeftNamesTheRuleThatRemovedIt() throws Exception {
            AddressPolicy policy = rules("*.example.com:ipv6-only,db.example.org");

            UnknownHostException byRule = assertThrows(UnknownHostException.class,
                    () -> policy.apply(HOST, addresses(V4_A)));
            UnknownHostException byMode = assertThrows(UnknownHostException.class,
                    () -> policy.apply("db.example.org", addresses(V6_A)));

            assertTrue(byRule.getMessage().startsWith(HOST + ": no IPv6 address, only 192.0.2.1; dnspatch rule"
                    + " *.example.com:ipv6-only removed it."), byRule.getMessage());
            assertTrue(byMode.getMessage().contains("; dnspatch mode=ipv4-only removed it."), byMode.getMessage());
        }

        @Test
        void theRouteProbeIsMadeOnlyWhereSomeRuleUsesAuto() throws Exception {
            assertTrue(rules("db.example.com,*.example.org:auto").probesRoutes());
            assertFalse(rules("db.example.com:ipv4-first,*.example.org:ipv6-only").probesRoutes());
            assertFalse(new AddressPolicy(Config.parse("hosts=db.example.com:ipv4-only,mode=auto", Map.of(), Map.of()))
                    .probesRoutes());
            assertTrue(new AddressPolicy(Config.parse("hosts=db.example.com:ipv4-only,*,mode=auto", Map.of(), Map.of()))
                    .probesRoutes());
        }
    }

    @Nested
    class Logging {
        private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        private PrintStream original;

        @BeforeEach
        void captureStderr() {
            original = System.err;
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            Log.setLevel(LogLevel.INFO);
        }

        @AfterEach
        void restoreStderr() {
            System.setErr(original);
        }

        private String stderr() {
            return captured.toString(StandardCharsets.UTF_8);
        }

        @Test
        void theFirstChangeToAHostIsReportedOnceAtInfo() throws Exception {
            AddressPolicy policy = policy(Mode.IPV4_ONLY);

            policy.apply(HOST, addresses(V6_A, V4_A));
            policy.apply(HOST, addresses(V6_A, V4_A));
            policy.apply("DB.EXAMPLE.COM.", addresses(V6_B, V4_B));

            assertEquals("[dnspatch] db.example.com: using 192.0.2.1, dropped 2001:db8::1" + System.lineSeparator(),
                    stderr());
        }

        @Test
        void aReorderIsReportedWithWhatComesFirstAndWhatFollows() throws Exception {
            policy(Mode.IPV4_FIRST).apply(HOST, addresses(V6_A, V4_A, V4_B));

            assertEquals("[dnspatch] db.example.com: using 192.0.2.1, 192.0.2.2 first, then 2001:db8::1"
                    + System.lineSeparator(), stderr());
        }

        @Test
        void anAnswerLeftAsItWasIsNotReported() throws Exception {
            AddressPolicy policy = policy(Mode.IPV4_FIRST);

            policy.apply(HOST, addresses(V4_A, V6_A));
            policy.apply("db.example.org", addresses(V6_A, V4_A));

            assertEquals("", stderr());
        }

        @Test
        void aChangeLineNamesTheRuleWhereItsPatternHasAModeOfItsOwn() throws Exception {
            AddressPolicy policy = new AddressPolicy(Config.parse("hosts=db.example.com,*.corp.internal:ipv6-first,"
                    + "v6.example.com:ipv6-only", Map.of(), Map.of()));

            policy.apply("db.example.com", addresses(V6_A, V4_A));
            policy.apply("api.corp.internal", addresses(V4_A, V6_A));
            policy.applyToOneFamilyAnswer("v6.example.com", addresses(V6_B));

            String n = System.lineSeparator();
            assertEquals("[dnspatch] db.example.com: using 192.0.2.1, dropped 2001:db8::1" + n
                    + "[dnspatch] api.corp.internal: using 2001:db8::1 first, then 192.0.2.1 (rule"
                    + " *.corp.internal:ipv6-first)" + n
                    + "[dnspatch] v6.example.com: using 2001:db8::2 (asked DNS for IPv6 only; rule"
                    + " v6.example.com:ipv6-only)" + n, stderr());
        }

        @Test
        void aOneFamilyAnswerIsReportedAsAskedForThatFamily() throws Exception {
            policy(Mode.IPV6_ONLY).applyToOneFamilyAnswer(HOST, addresses(V6_A));

            assertEquals("[dnspatch] db.example.com: using 2001:db8::1 (asked DNS for IPv6 only)"
                    + System.lineSeparator(), stderr());
        }

        @Test
        void aHostWithNothingLeftIsExplainedOnceAsAWarning() throws Exception {
            AddressPolicy policy = policy(Mode.IPV4_ONLY);

            assertThrows(UnknownHostException.class, () -> policy.apply(HOST, addresses(V6_A)));
            assertThrows(UnknownHostException.class, () -> policy.apply("DB.EXAMPLE.COM.", addresses(V6_A)));

            assertEquals("[dnspatch] warning: db.example.com: no IPv4 address, only 2001:db8::1; dnspatch"
                    + " mode=ipv4-only removed it. Use an IPv4 endpoint for this host (for example the provider's"
                    + " connection pooler) or give this machine IPv6 connectivity" + System.lineSeparator(),
                    stderr());
        }

        @Test
        void nothingIsReportedWhenTheLogIsOff() throws Exception {
            Log.setLevel(LogLevel.OFF);

            policy(Mode.IPV4_ONLY).apply(HOST, addresses(V6_A, V4_A));

            assertEquals("", stderr());
        }

        @Test
        void debugReportsEveryLookupIncludingUntouchedAndEmptyOnes() throws Exception {
            Log.setLevel(LogLevel.DEBUG);
            AddressPolicy policy = policy(Mode.IPV4_ONLY);

            policy.apply("db.example.org", null);
            policy.apply(HOST, addresses(V6_A, V4_A));
            policy.apply(HOST, addresses(V6_A, V4_A));

            String log = stderr();
            assertTrue(log.contains("lookup db.example.org: (none) (not matched, unchanged)"), log);
            assertTrue(log.contains("lookup db.example.com: 2001:db8::1, 192.0.2.1 -> 192.0.2.1"), log);
            assertEquals(4, log.split(System.lineSeparator()).length, log);
        }
    }

    @Nested
    class Lists {
        @Test
        void noAddressesAreShownAsNone() {
            assertEquals("(none)", AddressPolicy.list(null));
            assertEquals("", AddressPolicy.list(new InetAddress[0]));
        }

        @Test
        void upToFourAddressesAreListedAndTheRestCounted() {
            assertEquals("192.0.2.1, 2001:db8::1", AddressPolicy.list(addresses(V4_A, V6_A)));
            assertEquals("192.0.2.1, 192.0.2.2, 198.51.100.7, 2001:db8::1",
                    AddressPolicy.list(addresses(V4_A, V4_B, V4_C, V6_A)));
            assertEquals("192.0.2.1, 192.0.2.2, 198.51.100.7, 2001:db8::1 and 1 more",
                    AddressPolicy.list(addresses(V4_A, V4_B, V4_C, V6_A, V6_B)));
        }
    }

    @Nested
    class ChangeLogs {
        @Test
        void aHostIsReportedTheFirstTimeOnly() {
            ChangeLog changes = new ChangeLog();

            assertTrue(changes.firstChange(HOST));
            assertFalse(changes.firstChange(HOST));
            assertTrue(changes.firstChange("other.example.com"));
        }

        @Test
        void spellingsOfTheSameHostCountOnce() {
            ChangeLog changes = new ChangeLog();

            assertTrue(changes.firstChange("DB.Example.com."));
            assertFalse(changes.firstChange("db.example.com"));
            assertFalse(changes.firstChange("DB.EXAMPLE.COM"));
        }

        @Test
        void itStopsRememberingAfterTenThousandHosts() {
            ChangeLog changes = new ChangeLog();
            for (int i = 0; i < 10_000; i++) {
                assertTrue(changes.firstChange("host" + i + ".example.com"));
            }

            assertFalse(changes.firstChange("one-more.example.com"));
            assertFalse(changes.firstChange("host0.example.com"));
        }
    }
}
