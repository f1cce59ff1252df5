package dev.dnspatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Netty's default address order as doctor works it out, for settings the forked doctor tests
 * do not reach: preferIPv4Stack, preferIPv6Addresses=system, and the JDK's and Netty's views side
 * by side.
 */
class NettyViewTest {
    private static final String ULA = "fd00::2 on eth0";
    private static final DnsAnswer DNS = new DnsAnswer("db.example.com", "127.0.0.1:53", "system", "NOERROR",
            new ArrayList<String>(), Arrays.asList(entry("A", "192.0.2.1"), entry("AAAA", "2001:db8::1")));

    private static DnsAnswer.Entry entry(String type, String address) {
        try {
            return new DnsAnswer.Entry(type, address, 60, InetAddress.getByName(address));
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static JvmView jvm() {
        return new JvmView(new ArrayList<>(), null);
    }

    @Test
    void withAnIpv6AddressAndPreferIpv6TrueNettyPutsIpv6FirstAsTheJdkDoes() {
        NettyView netty = NettyView.of(DNS, null, " TRUE ", ULA, -1);

        assertEquals(NettyView.IPV6_PREFERRED, netty.addressTypes);
        assertEquals(List.of("2001:db8::1", "192.0.2.1"), netty.addresses);
        assertEquals("IPv6 first (IPV6_PREFERRED: java.net.preferIPv6Addresses=true and this machine has fd00::2 on"
                + " eth0)", netty.reason);
    }

    @Test
    void withoutAnIpv6AddressNettyAsksForIpv4AloneWhateverPreferIpv6Says() {
        NettyView netty = NettyView.of(DNS, null, "true", null, -1);

        assertEquals(NettyView.IPV4_ONLY, netty.addressTypes);
        assertEquals(List.of("192.0.2.1"), netty.addresses);
    }

    @Test
    void nettyReadsSystemAsFalse() {
        NettyView netty = NettyView.of(DNS, null, "system", ULA, -1);

        assertEquals(NettyView.IPV4_PREFERRED, netty.addressTypes);
        assertEquals(List.of("192.0.2.1", "2001:db8::1"), netty.addresses);
        assertEquals("IPv4 first (IPV4_PREFERRED: java.net.preferIPv6Addresses=system, which Netty reads as false)",
                netty.reason);
    }

    @Test
    void preferIpv4StackInNettysWordsMeansIpv4Only() {
        assertEquals(NettyView.IPV4_ONLY, NettyView.of(DNS, "yes", "true", ULA, -1).addressTypes);
        assertEquals(NettyView.IPV4_ONLY, NettyView.of(DNS, "1", null, ULA, -1).addressTypes);
        assertEquals(NettyView.IPV4_PREFERRED, NettyView.of(DNS, "maybe", null, ULA, -1).addressTypes);
    }

    @Test
    void attemptsOneLeavesNettyTheFirstFamilyAlone() {
        NettyView netty = NettyView.of(DNS, null, "true", ULA, 1);

        assertTrue(netty.oneQueryPerLookup);
        assertEquals(List.of("2001:db8::1"), netty.addresses);
        assertFalse(NettyView.of(DNS, null, "true", null, 1).oneQueryPerLookup, "IPv4 alone needs one query");
    }

    @Test
    void theNoteSaysWhereNettysOrderDiffersFromTheJvms() {
        System.setProperty("java.net.preferIPv6Addresses", "true");
        try {
            assertNull(NettyView.of(DNS, null, "true", ULA, -1).note(jvm()));
            assertTrue(NettyView.of(DNS, null, "true", null, -1).note(jvm())
                    .startsWith("Netty does not read java.net.preferIPv6Addresses as the JDK does"));
            assertEquals("resolv.conf's attempts:1 lets Netty send one query per lookup, so it asks for IPv6 alone",
                    NettyView.of(DNS, null, "true", ULA, 1).note(jvm()));
        } finally {
            System.clearProperty("java.net.preferIPv6Addresses");
        }
    }

    @Test
    void attemptsAreReadFromResolvConfsOptions(@TempDir Path dir) throws Exception {
        Path resolv = dir.resolve("resolv.conf");
        Files.write(resolv, List.of("nameserver 127.0.0.1", "options timeout:1 attempts:1 ndots:5"));
        assertEquals(1, NettyView.resolvAttempts(resolv));
        Files.write(resolv, List.of("nameserver 127.0.0.1", "options ndots:5"));
        assertEquals(-1, NettyView.resolvAttempts(resolv));
        assertEquals(-1, NettyView.resolvAttempts(dir.resolve("missing")));
    }
}
