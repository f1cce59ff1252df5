package dev.dnspatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dnspatch.it.apps.ArmeriaApp;
import dev.dnspatch.it.support.AppJars;
import dev.dnspatch.it.support.DnsServer;
import dev.dnspatch.it.support.HttpHello;
import dev.dnspatch.it.support.Namespace;
import dev.dnspatch.it.support.Runtimes;
import dev.dnspatch.it.support.ScenarioRun;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Armeria's {@code WebClient} ({@link ArmeriaApp}), which builds its addresses from the A and AAAA
 * records it asks Netty's resolver for, one question per family, and connects to the first
 * address of the family it prefers. An HTTP server ({@link HttpHello}) on {@code 127.0.0.1} and
 * {@code ::1} answers on the names of a real DNS server, in a namespace where an interface has an
 * IPv6 address and global IPv6 has no route. Every run is compared with the same run without the
 * agent, which fails the way users see it.
 */
class ArmeriaTest {
    private static final String APP = ArmeriaApp.class.getName();
    private static final String AGENT = "hosts=*.example.test";
    private static final String URL = "http://db.example.test:" + HttpHello.PORT + "/";

    @TempDir
    static Path dir;
    private static Namespace namespace;
    private static DnsServer.Zone zone;

    @BeforeAll
    static void network() throws Exception {
        Namespace.assumeAvailable();
        namespace = Namespace.withHosts(dir).withUlaAddress().withResolvConf("nameserver 127.0.0.1", "options timeout:5");
        zone = DnsServer.Zone.at(dir.resolve("zone"))
                .aaaa("db.example.test", "2001:db8::1").a("db.example.test", "127.0.0.1")
                .a("v4dead.example.test", "192.0.2.1").aaaa("v4dead.example.test", "::1")
                .aaaa("other.example.org", "2001:db8::9").a("other.example.org", "127.0.0.1");
    }

    static Stream<Integer> jdks() {
        return Runtimes.jdks();
    }

    /**
     * The bug as users meet it: the JVM prefers IPv6, so Armeria asks for AAAA first and connects
     * to 2001:db8::1, which has no route. With the agent the AAAA question is never sent, Armeria
     * moves on to its A question, and the request is answered over IPv4.
     */
    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("jdks")
    void webClientConnectsOverIpv4(int feature) throws Exception {
        ScenarioRun without = armeria(feature, null, true).run(APP, URL);
        ScenarioRun with = armeria(feature, AGENT, true).run(APP, URL);
        report("ipv4-only, JDK " + feature, without, with);

        assertUnreachable(without, "2001:db8:0:0:0:0:0:1");
        assertEquals(List.of("status 200: hello over 127.0.0.1"), with.stdout(), with.toString());
        assertEquals(List.of("[dnspatch] db.example.test: asked DNS for IPv4 only (no AAAA question sent)"),
                with.agentLinesAfterTheBanner(), with.toString());
        // On a busy machine a question may be sent again after resolv.conf's 1 s timeout: the types count.
        assertEquals(Set.of("A", "AAAA"), Set.copyOf(without.queries("db.example.test")), without.toString());
        assertEquals(Set.of("A"), Set.copyOf(with.queries("db.example.test")), with.toString());
    }

    /** auto: the AAAA records have no route, so they are dropped, and Armeria moves on to A. */
    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("jdks")
    void autoDropsTheRecordsWithoutARoute(int feature) throws Exception {
        ScenarioRun without = armeria(feature, null, true).run(APP, URL);
        ScenarioRun with = armeria(feature, AGENT + ",mode=auto", true).run(APP, URL);
        report("auto, JDK " + feature, without, with);

        assertUnreachable(without, "2001:db8:0:0:0:0:0:1");
        assertEquals(List.of("status 200: hello over 127.0.0.1"), with.stdout(), with.toString());
        assertEquals(List.of("[dnspatch] db.example.test: dropped 2001:db8::1 (no route), an empty AAAA answer"),
                with.agentLinesAfterTheBanner(), with.toString());
    }

    /**
     * An IPv6-only network seen from a JVM that prefers IPv4 (Armeria asks for A first): the A
     * record has no route; ipv6-only and auto connect over ::1.
     */
    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("jdks")
    void anIpv6OnlyNetworkConnectsOverIpv6(int feature) throws Exception {
        String url = "http://v4dead.example.test:" + HttpHello.PORT + "/";
        ScenarioRun without = armeria(feature, null, false).run(APP, url);
        ScenarioRun only = armeria(feature, AGENT + ",mode=ipv6-only", false).run(APP, url);
        ScenarioRun auto = armeria(feature, AGENT + ",mode=auto", false).run(APP, url);
        report("ipv6-only, JDK " + feature, without, only);
        report("auto on an IPv6-only network, JDK " + feature, without, auto);

        assertUnreachable(without, "192.0.2.1");
        assertEquals(List.of("status 200: hello over ::1"), only.stdout(), only.toString());
        assertEquals(List.of("[dnspatch] v4dead.example.test: asked DNS for IPv6 only (no A question sent)"),
                only.agentLinesAfterTheBanner(), only.toString());
        assertEquals(List.of("status 200: hello over ::1"), auto.stdout(), auto.toString());
        assertEquals(List.of("[dnspatch] v4dead.example.test: dropped 192.0.2.1 (no route), an empty A answer"),
                auto.agentLinesAfterTheBanner(), auto.toString());
    }

    /**
     * ipv4-first cannot help a client that orders the families itself, one question each: the
     * request fails as without the agent, and dnspatch says why, once, and what can help.
     */
    @Test
    void aFirstModeSaysItCannotOrderArmeriasFamilies() throws Exception {
        for (int feature : new int[] {17, 25}) {
            ScenarioRun without = armeria(feature, null, true).run(APP, URL);
            ScenarioRun with = armeria(feature, AGENT + ",mode=ipv4-first", true).run(APP, URL);
            report("ipv4-first, JDK " + feature, without, with);

            assertUnreachable(without, "2001:db8:0:0:0:0:0:1");
            assertUnreachable(with, "2001:db8:0:0:0:0:0:1");
            assertEquals(List.of("[dnspatch] db.example.test: kept 2001:db8::1 (AAAA records) as they are:"
                    + " mode=ipv4-first cannot order the families of a client that asks for each itself; ipv4-only or"
                    + " auto can"), with.agentLinesAfterTheBanner(), with.toString());
        }
    }

    /** A name outside the patterns: the same request, the same queries, no line. */
    @Test
    void aNameOutsideThePatternsIsUntouched() throws Exception {
        String url = "http://other.example.org:" + HttpHello.PORT + "/";
        ScenarioRun without = armeria(25, null, true).run(APP, url);
        ScenarioRun with = armeria(25, AGENT, true).run(APP, url);
        report("other.example.org", without, with);

        assertUnreachable(without, "2001:db8:0:0:0:0:0:9");
        assertEquals(without.stdout(), with.stdout(), with.toString());
        assertEquals(List.of(), with.agentLinesAfterTheBanner(), with.toString());
        assertEquals(Set.copyOf(without.queries("other.example.org")), Set.copyOf(with.queries("other.example.org")),
                with.toString());
    }

    /** netty=off: Armeria fails as it does without the agent. */
    @Test
    void nettyOffLeavesArmeriaAlone() throws Exception {
        ScenarioRun with = armeria(17, AGENT + ",netty=off", true).run(APP, URL);
        report("netty=off", null, with);

        assertUnreachable(with, "2001:db8:0:0:0:0:0:1");
        assertTrue(with.banner().endsWith(", netty=off"), with.toString());
        assertEquals(List.of(), with.agentLinesAfterTheBanner(), with.toString());
    }

    /** The failed request, as Armeria reports it: no route to the address it chose. */
    private static void assertUnreachable(ScenarioRun run, String address) {
        assertEquals(1, run.result().exitCode, run.toString());
        String line = run.stdout().isEmpty() ? "" : run.stdout().get(0);
        assertTrue(line.startsWith("failed ") && line.contains("Network is unreachable") && line.contains(address),
                run.toString());
    }

    private static ScenarioRun.Launch armeria(int feature, String agent, boolean preferIpv6) throws Exception {
        return new ScenarioRun.Launch(dir, namespace, zone, feature, agent, preferIpv6, HttpHello::addTo)
                .classPath(AppJars.sets("armeria", "netty42"));
    }

    private static void report(String scenario, ScenarioRun without, ScenarioRun with) {
        ScenarioRun.report("armeria", scenario, without, with);
    }
}
