package dev.dnspatch.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dnspatch.config.Config;
import dev.dnspatch.config.LogLevel;
import dev.dnspatch.log.Log;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The policy for a client that asks for each family's records itself (Netty's raw A and AAAA
 * questions): what each mode does to one family's answer, which questions need not be asked,
 * and the lines it prints.
 */
class RecordsPolicyTest {
    private static final String HOST = "db.example.com";
    private static final InetAddress V4 = ip("192.0.2.1");
    private static final InetAddress V4_B = ip("198.51.100.7");
    private static final InetAddress V6 = ip("2001:db8::1");
    private static final InetAddress V6_B = ip("2001:db8:1::2");

    private final Set<InetAddress> routed = new HashSet<>();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private PrintStream originalErr;

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private AddressPolicy policy(String mode) throws Exception {
        Config config = Config.parse("hosts=*.example.com,mode=" + mode, Map.of(), Map.of());
        return new AddressPolicy(config, config.mode().probesRoutes() ? routed::contains : null);
    }

    @BeforeEach
    void captureStderr() {
        originalErr = System.err;
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        Log.setLevel(LogLevel.INFO);
    }

    @AfterEach
    void restoreStderr() {
        System.setErr(originalErr);
        Log.setLevel(LogLevel.INFO);
    }

    private List<String> lines() {
        String text = stderr.toString(StandardCharsets.UTF_8);
        return text.isEmpty() ? List.of() : Arrays.asList(text.split("\\R"));
    }

    @Test
    void anOnlyModeDropsTheOtherFamilysQuestionForMatchingHostsAlone() throws Exception {
        AddressPolicy ipv4 = policy("ipv4-only");
        assertTrue(ipv4.dropsFamily(HOST, false));
        assertFalse(ipv4.dropsFamily(HOST, true));
        assertFalse(ipv4.dropsFamily("db.example.org", false));
        AddressPolicy ipv6 = policy("ipv6-only");
        assertTrue(ipv6.dropsFamily(HOST, true));
        assertFalse(ipv6.dropsFamily(HOST, false));
        for (String mode : new String[] {"ipv4-first", "ipv6-first", "auto"}) {
            assertFalse(policy(mode).dropsFamily(HOST, true), mode);
            assertFalse(policy(mode).dropsFamily(HOST, false), mode);
            assertTrue(policy(mode).needsBothFamilies(HOST), mode);
            assertFalse(policy(mode).needsBothFamilies("db.example.org"), mode);
        }
        assertFalse(ipv4.needsBothFamilies(HOST));
    }

    @Test
    void eachHostsQuestionsFollowTheModeOfItsOwnRule() throws Exception {
        Config config = Config.parse("hosts=*.example.com,v6.example.com:ipv6-only,both.example.com:auto",
                Map.of(), Map.of());
        routed.add(V6);
        AddressPolicy policy = new AddressPolicy(config, routed::contains);

        assertTrue(policy.dropsFamily(HOST, false));
        assertTrue(policy.dropsFamily("v6.example.com", true));
        assertFalse(policy.dropsFamily("v6.example.com", false));
        assertFalse(policy.dropsFamily("both.example.com", true));
        assertArrayEquals(new InetAddress[] {V6}, policy.applyToRecords("both.example.com", false,
                new InetAddress[] {V6, V6_B}));
        UnknownHostException dropped = assertThrows(UnknownHostException.class,
                () -> policy.applyToRecords("v6.example.com", true, new InetAddress[] {V4}));
        assertEquals("v6.example.com: dnspatch rule v6.example.com:ipv6-only dropped its A records 192.0.2.1",
                dropped.getMessage());
        assertEquals("v6.example.com: no A question sent; dnspatch rule v6.example.com:ipv6-only asks DNS for IPv6"
                + " addresses only", policy.questionNotSent("v6.example.com", true).getMessage());
    }

    @Test
    void aQuestionNotSentGetsTheFailureThatSaysWhyAndTheChangeLineOnce() throws Exception {
        AddressPolicy policy = policy("ipv4-only");

        UnknownHostException first = policy.questionNotSent(HOST, false);
        policy.questionNotSent(HOST, false);

        assertEquals("db.example.com: no AAAA question sent; dnspatch mode=ipv4-only asks DNS for IPv4 addresses only",
                first.getMessage());
        assertEquals(List.of("[dnspatch] db.example.com: asked DNS for IPv4 only (no AAAA question sent)"), lines());
    }

    @Test
    void theWantedFamilysRecordsPassAsTheyAre() throws Exception {
        InetAddress[] records = {V4, V4_B};

        assertSame(records, policy("ipv4-only").applyToRecords(HOST, true, records));
        assertSame(records, policy("ipv4-first").applyToRecords(HOST, true, records));
        assertEquals(List.of(), lines());
    }

    @Test
    void anOnlyModeEmptiesTheOtherFamilysAnswerWhereItWasAskedAllTheSame() throws Exception {
        UnknownHostException none = assertThrows(UnknownHostException.class,
                () -> policy("ipv4-only").applyToRecords(HOST, false, new InetAddress[] {V6, V6_B}));

        assertEquals("db.example.com: dnspatch mode=ipv4-only dropped its AAAA records 2001:db8::1, 2001:db8:1::2",
                none.getMessage());
        assertEquals(List.of("[dnspatch] db.example.com: dropped 2001:db8::1, 2001:db8:1::2 (AAAA records,"
                + " mode=ipv4-only)"), lines());
    }

    @Test
    void aFirstModeKeepsTheOtherFamilyAndSaysOnceThatItCannotOrderIt() throws Exception {
        AddressPolicy policy = policy("ipv4-first");
        InetAddress[] records = {V6};

        assertSame(records, policy.applyToRecords(HOST, false, records));
        assertSame(records, policy.applyToRecords(HOST, false, records));
        assertEquals(List.of("[dnspatch] db.example.com: kept 2001:db8::1 (AAAA records) as they are: mode=ipv4-first"
                + " cannot order the families of a client that asks for each itself; ipv4-only or auto can"), lines());
    }

    @Test
    void autoDropsTheRecordsWithoutARouteInTheirOrder() throws Exception {
        routed.add(V6_B);

        assertArrayEquals(new InetAddress[] {V6_B},
                policy("auto").applyToRecords(HOST, false, new InetAddress[] {V6, V6_B}));
        assertEquals(List.of("[dnspatch] db.example.com: using 2001:db8:1::2, dropped 2001:db8::1 (no route)"),
                lines());
    }

    @Test
    void autoEmptiesAFamilyWithNoRouteAtAllSoTheClientMovesOn() throws Exception {
        routed.add(V4);
        AddressPolicy policy = policy("auto");

        UnknownHostException none = assertThrows(UnknownHostException.class,
                () -> policy.applyToRecords(HOST, false, new InetAddress[] {V6}));
        InetAddress[] v4 = {V4};

        assertEquals("db.example.com: no route to its AAAA records 2001:db8::1; dnspatch mode=auto dropped them",
                none.getMessage());
        assertSame(v4, policy.applyToRecords(HOST, true, v4));
        assertEquals(List.of("[dnspatch] db.example.com: dropped 2001:db8::1 (no route), an empty AAAA answer"),
                lines());
    }

    @Test
    void hostsOutsideThePatternsAndEmptyAnswersAreUntouched() throws Exception {
        InetAddress[] records = {V6};
        InetAddress[] none = {};

        for (String mode : new String[] {"ipv4-only", "ipv4-first", "auto"}) {
            assertSame(records, policy(mode).applyToRecords("db.example.org", false, records), mode);
            assertSame(none, policy(mode).applyToRecords(HOST, false, none), mode);
        }
        assertEquals(List.of(), lines());
    }

    @Test
    void debugLinesSayWhatEachQuestionGot() throws Exception {
        Log.setLevel(LogLevel.DEBUG);
        AddressPolicy policy = policy("ipv4-only");

        policy.questionNotSent(HOST, false);
        policy.applyToRecords(HOST, true, new InetAddress[] {V4});
        policy.applyToRecords("db.example.org", false, new InetAddress[] {V6});

        assertEquals(List.of("[dnspatch] lookup db.example.com AAAA records: not asked (mode=ipv4-only)",
                "[dnspatch] db.example.com: asked DNS for IPv4 only (no AAAA question sent)",
                "[dnspatch] lookup db.example.com A records: 192.0.2.1 (IPv4, unchanged)",
                "[dnspatch] lookup db.example.org AAAA records: 2001:db8::1 (not matched, unchanged)"), lines());
    }
}
