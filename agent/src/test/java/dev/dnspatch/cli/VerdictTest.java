package dev.dnspatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The verdict for findings that a namespace here cannot produce (a route that drops packets, a
 * refused port), next to the ones the forked doctor tests see for real.
 */
class VerdictTest {
    private static final String HOST = "db.example.com";
    private static final DnsAnswer DNS = new DnsAnswer("db.example.com", "127.0.0.1:53", "system", "NOERROR",
            new ArrayList<String>(), new ArrayList<DnsAnswer.Entry>());

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static AddressCheck routeOnly(String address, boolean route) {
        return new AddressCheck(ip(address), true, route ? null : "Network is unreachable", false, false, 0, null);
    }

    private static AddressCheck tcp(String address, boolean connected, String error) {
        return new AddressCheck(ip(address), true, null, true, connected, 3, error);
    }

    private static Verdict verdict(AddressCheck... checks) {
        List<InetAddress> jvm = new ArrayList<>();
        for (AddressCheck check : checks) {
            jvm.add(check.address);
        }
        return Verdict.of(HOST, false, DNS, new JvmView(jvm, null), Arrays.asList(checks));
    }

    @Test
    void aRouteThatDropsPacketsAsksForIpv4OnlyAndSaysAutoWouldNotHelp() {
        Verdict verdict = verdict(tcp("2001:db8::1", false, "no answer within 3000 ms (packets dropped on the way?)"),
                tcp("192.0.2.1", true, null));

        assertEquals(1, verdict.exitCode());
        assertEquals("hosts=db.example.com:ipv4-only", verdict.agentArguments);
        assertEquals("connecting over IPv6 fails (no answer within 3000 ms (packets dropped on the way?)) and"
                + " db.example.com has a working IPv4 address: add -javaagent:dnspatch-agent.jar=hosts=db.example.com:ipv4-only"
                + " (mode=auto would not help: a route exists)", verdict.text);
    }

    @Test
    void anUnreachableIpv4WithAWorkingIpv6AsksForIpv6Only() {
        Verdict verdict = verdict(routeOnly("192.0.2.1", false), routeOnly("2001:db8::1", true));

        assertEquals("hosts=db.example.com:ipv6-only", verdict.agentArguments);
        assertEquals("wrong-family", verdict.kind);
    }

    @Test
    void aFirstAddressWithNoRouteAndAnotherOfTheSameFamilyThatWorksAsksForAuto() {
        Verdict verdict = verdict(routeOnly("192.0.2.1", false), routeOnly("198.51.100.1", true),
                routeOnly("2001:db8::1", false));

        assertEquals("hosts=db.example.com:auto", verdict.agentArguments);
        assertEquals("192.0.2.1 has no route from here, but 198.51.100.1 works: add"
                + " -javaagent:dnspatch-agent.jar=hosts=db.example.com:auto", verdict.text);
    }

    @Test
    void aRefusedPortEverywhereIsBeyondDnspatch() {
        Verdict verdict = verdict(tcp("192.0.2.1", false, "Connection refused"),
                tcp("2001:db8::1", false, "Connection refused"));

        assertEquals("unreachable", verdict.kind);
        assertNull(verdict.agentArguments);
        assertEquals("no address of db.example.com works from here (192.0.2.1: Connection refused): dnspatch cannot"
                + " help; check the network, the firewall, the server and its port", verdict.text);
    }

    @Test
    void aRefusedPortOnAnIpv4OnlyNameIsNotCalledAMissingFamily() {
        Verdict verdict = verdict(tcp("192.0.2.1", false, "Connection refused"));

        assertEquals("unreachable", verdict.kind);
    }

    @Test
    void aHealthyHostWithAnUnroutableOtherFamilyStaysHealthyAndWarns() {
        Verdict verdict = verdict(routeOnly("192.0.2.1", true), routeOnly("2001:db8::1", false));

        assertEquals(0, verdict.exitCode());
        assertEquals("hosts=db.example.com:ipv4-only", verdict.agentArguments);
        assertEquals("db.example.com is reachable as this JVM connects: 192.0.2.1 has a route; 2001:db8::1 has no"
                + " route from here, so a JVM that puts IPv6 first would fail: -javaagent:dnspatch-agent.jar"
                + "=hosts=db.example.com:ipv4-only prevents that", verdict.text);
    }

    @Test
    void aHealthyHostIsExitZeroWithNothingToAdd() {
        Verdict verdict = verdict(tcp("192.0.2.1", true, null), tcp("2001:db8::1", true, null));

        assertEquals(0, verdict.exitCode());
        assertNull(verdict.agentArguments);
        assertEquals("db.example.com is reachable as this JVM connects: 192.0.2.1 accepts TCP in 3 ms; nothing to fix",
                verdict.text);
    }
}
