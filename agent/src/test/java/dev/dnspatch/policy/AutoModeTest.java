package dev.dnspatch.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dnspatch.config.Config;
import dev.dnspatch.config.LogLevel;
import dev.dnspatch.log.Log;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** mode=auto in the policy, with a route table the test controls. */
class AutoModeTest {
    private static final String HOST = "db.example.com";
    private static final InetAddress V4 = ip("192.0.2.1");
    private static final InetAddress V4_B = ip("198.51.100.7");
    private static final InetAddress V6 = ip("2001:db8::1");
    private static final InetAddress V6_B = ip("2001:db8:1::2");

    /** Addresses with a route; every probe is recorded. */
    private final Set<InetAddress> routed = new HashSet<>();
    private final List<InetAddress> probed = new ArrayList<>();
    private final Routes table = address -> {
        probed.add(address);
        return routed.contains(address);
    };
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private PrintStream originalErr;

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private AddressPolicy auto(String hosts) throws Exception {
        return new AddressPolicy(Config.parse("hosts=" + hosts + ",mode=auto", Map.of(), Map.of()), table);
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
    void withNoIpv6RouteTheIpv6AddressesAreDroppedAndTheRestKeepTheirOrder() throws Exception {
        routed.addAll(List.of(V4, V4_B));

        InetAddress[] result = auto("*.example.com").apply(HOST, new InetAddress[] {V6, V4_B, V6_B, V4});

        assertArrayEquals(new InetAddress[] {V4_B, V4}, result);
        assertEquals(List.of("[dnspatch] db.example.com: using 198.51.100.7, 192.0.2.1,"
                + " dropped 2001:db8::1, 2001:db8:1::2 (no route)"), lines());
    }

    @Test
    void withEveryRouteTheAnswerIsTheSameArrayAndNothingIsLogged() throws Exception {
        routed.addAll(List.of(V4, V6));
        InetAddress[] answer = {V6, V4};

        assertSame(answer, auto("*.example.com").apply(HOST, answer));
        assertEquals(List.of(), lines());
    }

    @Test
    void anIpv4AddressWithNoRouteIsDroppedToo() throws Exception {
        routed.add(V6);

        assertArrayEquals(new InetAddress[] {V6}, auto("*.example.com").apply(HOST, new InetAddress[] {V4, V6}));
        assertEquals(List.of("[dnspatch] db.example.com: using 2001:db8::1, dropped 192.0.2.1 (no route)"), lines());
    }

    @Test
    void whenNothingIsRoutableTheOriginalAnswerIsKeptAndTheLineSaysSo() throws Exception {
        InetAddress[] answer = {V6, V4};

        assertSame(answer, auto("*.example.com").apply(HOST, answer));
        assertArrayEquals(new InetAddress[] {V6, V4}, answer);
        assertEquals(List.of("[dnspatch] db.example.com: no route to 2001:db8::1, 192.0.2.1; kept the answer as it"
                + " is, so the connect error will say why"), lines());
    }

    @Test
    void eachHostIsReportedOnce() throws Exception {
        routed.add(V4);
        AddressPolicy policy = auto("*.example.com");

        policy.apply(HOST, new InetAddress[] {V6, V4});
        policy.apply(HOST, new InetAddress[] {V6, V4});

        assertEquals(1, lines().size(), lines().toString());
    }

    @Test
    void hostsOutsideThePatternsAreNeverProbed() throws Exception {
        InetAddress[] answer = {V6, V4};

        assertSame(answer, auto("db.example.com").apply("other.example.com", answer));
        assertEquals(List.of(), probed);
    }

    @Test
    void theAnswerGivenIsNeverModified() throws Exception {
        routed.add(V4);
        InetAddress[] answer = {V6, V4, V6_B};

        auto("*").apply(HOST, answer);

        assertArrayEquals(new InetAddress[] {V6, V4, V6_B}, answer);
    }

    @Test
    void autoNeverAsksForOneFamilyAlone() throws Exception {
        assertEquals(AddressPolicy.BOTH, auto("*").askFor(HOST));
        assertTrue(auto("*").needsBothFamilies(HOST));
    }
}
