package dev.dnspatch.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressTextTest {
    /** An IPv6 address from its eight 16-bit groups, with no lookup. */
    private static InetAddress v6(int... groups) throws UnknownHostException {
        assertEquals(8, groups.length);
        byte[] bytes = new byte[16];
        for (int i = 0; i < 8; i++) {
            bytes[2 * i] = (byte) (groups[i] >>> 8);
            bytes[2 * i + 1] = (byte) groups[i];
        }
        return InetAddress.getByAddress(bytes);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            // JDK's long form,                     RFC 5952 form
            "2001:db8:0:0:0:0:0:1,                  2001:db8::1",
            "0:0:0:0:0:0:0:1,                       ::1",
            "0:0:0:0:0:0:0:0,                       ::",
            "1:0:0:0:0:0:0:0,                       1::",
            "1:0:0:0:0:0:0:1,                       1::1",
            "2001:db8:0:0:0:0:2:1,                  2001:db8::2:1",
            "2001:db8:0:1:1:1:1:1,                  2001:db8:0:1:1:1:1:1",
            "0:1:1:1:1:1:1:1,                       0:1:1:1:1:1:1:1",
            "1:1:1:1:1:1:1:0,                       1:1:1:1:1:1:1:0",
            "2001:0:0:1:0:0:0:1,                    2001:0:0:1::1",
            "2001:db8:0:0:1:0:0:1,                  2001:db8::1:0:0:1",
            "0:0:1:0:0:0:0:0,                       0:0:1::",
            "0:0:0:1:0:0:0:0,                       0:0:0:1::",
            "0:0:0:0:1:0:0:0,                       ::1:0:0:0",
            "2001:db8:1:2:3:4:5:6,                  2001:db8:1:2:3:4:5:6",
            "2001:0DB8:00AA:0000:0000:0000:0000:0F0F, 2001:db8:aa::f0f",
            "2a05:d018:135e:163a:3c6d:ff67:3c0d:c875, 2a05:d018:135e:163a:3c6d:ff67:3c0d:c875",
            "fe80:0:0:0:0:0:0:1,                    fe80::1",
            "0:0:0:0:0:fffe:0:1,                    ::fffe:0:1",
    })
    void ipv6IsWrittenInItsRfc5952Form(String jdkForm, String expected) throws UnknownHostException {
        String[] parts = jdkForm.split(":");
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = Integer.parseInt(parts[i], 16);
        }

        assertEquals(expected, AddressText.of(v6(groups)));
    }

    @Test
    void aLiteralParsedByTheJdkIsWrittenCompressed() throws UnknownHostException {
        InetAddress address = InetAddress.getByName("2001:db8:0:0:0:0:0:1");

        assertEquals("2001:db8:0:0:0:0:0:1", address.getHostAddress());
        assertEquals("2001:db8::1", AddressText.of(address));
    }

    @Test
    void aSingleZeroGroupIsNeverCollapsed() throws UnknownHostException {
        String text = AddressText.of(v6(0x2001, 0xdb8, 0, 1, 1, 1, 1, 1));

        assertFalse(text.contains("::"), text);
        assertEquals("2001:db8:0:1:1:1:1:1", text);
    }

    @Test
    void theFirstOfTwoEquallyLongRunsIsCollapsed() throws UnknownHostException {
        assertEquals("2001::1:0:0:1:1", AddressText.of(v6(0x2001, 0, 0, 1, 0, 0, 1, 1)));
        assertEquals("1::1:1:0:0:1", AddressText.of(v6(1, 0, 0, 1, 1, 0, 0, 1)));
    }

    @Test
    void theLongestRunWinsOverAnEarlierShorterOne() throws UnknownHostException {
        assertEquals("1:0:0:1::1", AddressText.of(v6(1, 0, 0, 1, 0, 0, 0, 1)));
    }

    @Test
    void theScopeOfALinkLocalAddressIsKept() throws UnknownHostException {
        byte[] bytes = v6(0xfe80, 0, 0, 0, 0, 0, 0, 1).getAddress();

        assertEquals("fe80::1%5", AddressText.of(Inet6Address.getByAddress(null, bytes, 5)));
    }

    @Test
    void ipv4IsWrittenUnchanged() throws UnknownHostException {
        InetAddress address = InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, 1});

        assertEquals("192.0.2.1", AddressText.of(address));
        assertEquals("10.0.0.255", AddressText.of(InetAddress.getByName("10.0.0.255")));
        assertEquals("0.0.0.0", AddressText.of(InetAddress.getByName("0.0.0.0")));
    }

    @Test
    void anIpv4MappedAddressIsTheIpv4AddressItMaps() throws UnknownHostException {
        InetAddress mapped = InetAddress.getByAddress(
                new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 192, 0, 2, 1});

        assertTrue(mapped instanceof Inet4Address);
        assertEquals("192.0.2.1", AddressText.of(mapped));
    }

    @Test
    void anAddressWithAHostNameIsWrittenWithoutIt() throws UnknownHostException {
        InetAddress named = InetAddress.getByAddress("db.example.com",
                v6(0x2001, 0xdb8, 0, 0, 0, 0, 0, 0x10).getAddress());

        assertEquals("2001:db8::10", AddressText.of(named));
    }
}
