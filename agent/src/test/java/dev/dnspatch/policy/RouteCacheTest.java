package dev.dnspatch.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The route cache: per prefix, for a few seconds, with a clock and a route table the test controls. */
class RouteCacheTest {
    private final Set<InetAddress> routed = new HashSet<>();
    private final List<InetAddress> probed = new ArrayList<>();
    private long now = 1_000_000_000L;
    private final RouteCache cache = new RouteCache(address -> {
        probed.add(address);
        return routed.contains(address);
    }, () -> now);

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aSecondAskWithinTheExpiryIsAnsweredFromTheCache() {
        InetAddress address = ip("2001:db8::1");

        assertFalse(cache.hasRoute(address));
        now += RouteCache.EXPIRY_NANOS - 1;
        assertFalse(cache.hasRoute(address));

        assertEquals(List.of(address), probed);
    }

    @Test
    void aRouteThatAppearsIsSeenOnceTheEntryExpires() {
        InetAddress address = ip("2001:db8::1");
        assertFalse(cache.hasRoute(address));

        routed.add(address);
        now += RouteCache.EXPIRY_NANOS;

        assertTrue(cache.hasRoute(address));
        assertEquals(2, probed.size());
    }

    @Test
    void oneProbeServesAWholeIpv6Slash64() {
        assertFalse(cache.hasRoute(ip("2001:db8:0:5::1")));
        assertFalse(cache.hasRoute(ip("2001:db8:0:5:ffff::2")));
        assertFalse(cache.hasRoute(ip("2001:db8:0:6::1")));

        assertEquals(List.of(ip("2001:db8:0:5::1"), ip("2001:db8:0:6::1")), probed);
    }

    @Test
    void ipv4AddressesAreProbedOneByOne() {
        routed.add(ip("192.0.2.1"));

        assertTrue(cache.hasRoute(ip("192.0.2.1")));
        assertFalse(cache.hasRoute(ip("192.0.2.2")));
        assertTrue(cache.hasRoute(ip("192.0.2.1")));

        assertEquals(List.of(ip("192.0.2.1"), ip("192.0.2.2")), probed);
    }

    /** 0.0.0.0 and ::/64 both come to the number 0; they must not share an entry. */
    @Test
    void ipv4AndIpv6KeysNeverMeet() {
        routed.add(ip("0.0.0.0"));

        assertTrue(cache.hasRoute(ip("0.0.0.0")));
        assertFalse(cache.hasRoute(ip("::1")));
    }

    @Test
    void scopedIpv6AddressesAreProbedEveryTime() {
        InetAddress linkLocal = ip("fe80::1%1");

        cache.hasRoute(linkLocal);
        cache.hasRoute(linkLocal);

        assertEquals(2, probed.size());
    }

    @Test
    void theCacheStaysBounded() {
        for (int i = 0; i < RouteCache.MAX_PREFIXES * 3; i++) {
            cache.hasRoute(ip("10." + (i >> 16 & 0xff) + "." + (i >> 8 & 0xff) + "." + (i & 0xff)));
        }
        assertTrue(cache.size() <= RouteCache.MAX_PREFIXES, "size " + cache.size());
    }

    /** The real probe: loopback always has a route. */
    @Test
    void theRealProbeFindsARouteToLoopback() {
        assertEquals(null, new RouteProbe().whyNoRoute(ip("127.0.0.1")));
    }
}
