package dev.dnspatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dnspatch.it.apps.NettyRecordsApp;
import dev.dnspatch.it.support.AppJars;
import dev.dnspatch.it.support.DnsServer;
import dev.dnspatch.it.support.Namespace;
import dev.dnspatch.it.support.Runtimes;
import dev.dnspatch.it.support.ScenarioRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A client's own questions for A and AAAA records, asked of Netty's resolver the three ways its
 * API offers ({@link NettyRecordsApp}: {@code resolveAll(DnsQuestion)}, {@code query(DnsQuestion)},
 * and {@code query(DnsQuestion, Promise)} with a listener added before), in the namespace of
 * {@link NettyResolverTest}: an interface with an IPv6 address, no route to global IPv6, names from
 * a real DNS server. Every run is compared with the same run without the agent.
 */
class NettyRecordsTest {
    private static final String APP = NettyRecordsApp.class.getName();
    private static final String AGENT = "hosts=*.example.test";
    private static final String NOT_SENT = "failed java.net.UnknownHostException: db.example.test: no AAAA question"
            + " sent; dnspatch mode=ipv4-only asks DNS for IPv4 addresses only";
    /** db.example.test through resolveAll and query, as DNS answers it. */
    private static final List<String> DB = List.of("db.example.test AAAA records: 2001:db8::1",
            "db.example.test AAAA query: NoError(0) 2001:db8::1", "db.example.test A records: 127.0.0.1",
            "db.example.test A query: NoError(0) 127.0.0.1");

    @TempDir
    static Path dir;
    private static Namespace namespace;
    private static DnsServer.Zone zone;

    @BeforeAll
    static void network() throws Exception {
        Namespace.assumeAvailable();
        namespace = Namespace.withHosts(dir, "127.0.0.5 hosts.example.test", "2001:db8::5 hosts.example.test")
                .withUlaAddress().withResolvConf("nameserver 127.0.0.1", "options timeout:5");
        zone = DnsServer.Zone.at(dir.resolve("zone"))
                .aaaa("db.example.test", "2001:db8::1").a("db.example.test", "127.0.0.1")
                .a("v4dead.example.test", "192.0.2.1").aaaa("v4dead.example.test", "::1")
                .aaaa("v6only.example.test", "2001:db8::4")
                .aaaa("other.example.org", "2001:db8::9").a("other.example.org", "127.0.0.1")
                .records("db.example.test", "TXT", "\"hello\"")
                .records("alias.example.test", "CNAME", "db.example.test.");
    }

    /** The oldest Netty the hook supports on JDK 8 and 17, Netty 4.1 and 4.2 on every JDK. */
    static Stream<Arguments> nettyAndJdks() {
        return Stream.of(Stream.of(Arguments.of("netty-oldest", 8), Arguments.of("netty-oldest", 17)),
                Runtimes.jdks().map(jdk -> Arguments.of("netty41", jdk)),
                Runtimes.jdks().map(jdk -> Arguments.of("netty42", jdk))).flatMap(sets -> sets);
    }

    /**
     * ipv4-only: the AAAA question of resolveAll is never sent, and fails as a question DNS has no
     * records for (so a client moves on to A); a query's AAAA answer comes back empty, for the
     * listener the caller added before asking too; the A questions are untouched.
     */
    @ParameterizedTest(name = "{0} on JDK {1}")
    @MethodSource("nettyAndJdks")
    void ipv4OnlyNeverSendsTheAaaaQuestion(String netty, int feature) throws Exception {
        ScenarioRun without = launch(netty, feature, null).run(APP, "db.example.test");
        ScenarioRun with = launch(netty, feature, AGENT).run(APP, "db.example.test");
        report("ipv4-only, " + netty + ", JDK " + feature, without, with);

        assertEquals(List.of("db.example.test AAAA records: 2001:db8::1",
                "db.example.test AAAA query: NoError(0) 2001:db8::1",
                "db.example.test AAAA query+promise: NoError(0) 2001:db8::1 (a listener added before saw NoError(0)"
                        + " 2001:db8::1)",
                "db.example.test A records: 127.0.0.1", "db.example.test A query: NoError(0) 127.0.0.1",
                "db.example.test A query+promise: NoError(0) 127.0.0.1 (a listener added before saw NoError(0)"
                        + " 127.0.0.1)"), without.stdout(), without.toString());
        assertEquals(List.of("db.example.test AAAA records: " + NOT_SENT,
                "db.example.test AAAA query: NoError(0)",
                "db.example.test AAAA query+promise: NoError(0) (a listener added before saw NoError(0))",
                "db.example.test A records: 127.0.0.1", "db.example.test A query: NoError(0) 127.0.0.1",
                "db.example.test A query+promise: NoError(0) 127.0.0.1 (a listener added before saw NoError(0)"
                        + " 127.0.0.1)"), with.stdout(), with.toString());
        assertEquals(List.of("AAAA", "AAAA", "AAAA", "A", "A", "A"), without.queries("db.example.test"),
                without.toString());
        assertEquals(List.of("AAAA", "AAAA", "A", "A", "A"), with.queries("db.example.test"), with.toString());
        assertEquals(List.of("[dnspatch] db.example.test: asked DNS for IPv4 only (no AAAA question sent)"),
                with.agentLinesAfterTheBanner(), with.toString());
    }

    /**
     * Every other mode, one family per question: ipv6-only mirrors ipv4-only; a -first mode changes
     * nothing (each answer holds one family, and the client orders the two) and says so once;
     * auto drops the records with no route (2001:db8::/32 and 192.0.2.0/24 have none here), all of
     * a family's where none has one, from DNS and from the hosts file alike.
     */
    static Stream<Arguments> modes() {
        return Stream.of(
                Arguments.of("mode=ipv6-only", "v4dead.example.test", List.of(
                        "v4dead.example.test AAAA records: ::1", "v4dead.example.test AAAA query: NoError(0) ::1",
                        "v4dead.example.test A records: 192.0.2.1", "v4dead.example.test A query: NoError(0) 192.0.2.1"),
                        List.of("v4dead.example.test AAAA records: ::1", "v4dead.example.test AAAA query: NoError(0) ::1",
                        "v4dead.example.test A records: failed java.net.UnknownHostException: v4dead.example.test: no A"
                                + " question sent; dnspatch mode=ipv6-only asks DNS for IPv6 addresses only",
                        "v4dead.example.test A query: NoError(0)"),
                        List.of("v4dead.example.test: asked DNS for IPv6 only (no A question sent)"),
                        List.of("AAAA", "AAAA", "A")),
                Arguments.of("mode=ipv4-first", "db.example.test", DB, DB,
                        List.of("db.example.test: kept 2001:db8::1 (AAAA records) as they are: mode=ipv4-first cannot"
                                + " order the families of a client that asks for each itself; ipv4-only or auto can"),
                        List.of("AAAA", "AAAA", "A", "A")),
                Arguments.of("mode=auto", "db.example.test", DB, List.of(
                        "db.example.test AAAA records: failed java.net.UnknownHostException: db.example.test: no route"
                                + " to its AAAA records 2001:db8::1; dnspatch mode=auto dropped them",
                        "db.example.test AAAA query: NoError(0)",
                        "db.example.test A records: 127.0.0.1", "db.example.test A query: NoError(0) 127.0.0.1"),
                        List.of("db.example.test: dropped 2001:db8::1 (no route), an empty AAAA answer"),
                        List.of("AAAA", "AAAA", "A", "A")),
                Arguments.of("mode=auto", "hosts.example.test", List.of(
                        "hosts.example.test AAAA records: 2001:db8::5", "hosts.example.test AAAA query: NXDomain(3)",
                        "hosts.example.test A records: 127.0.0.5", "hosts.example.test A query: NXDomain(3)"), List.of(
                        "hosts.example.test AAAA records: failed java.net.UnknownHostException: hosts.example.test: no"
                                + " route to its AAAA records 2001:db8::5; dnspatch mode=auto dropped them",
                        "hosts.example.test AAAA query: NXDomain(3)",
                        "hosts.example.test A records: 127.0.0.5", "hosts.example.test A query: NXDomain(3)"),
                        List.of("hosts.example.test: dropped 2001:db8::5 (no route), an empty AAAA answer"),
                        // The hosts file answers resolveAll; query() asks DNS, which does not know the name.
                        List.of("AAAA", "A")),
                Arguments.of("mode=auto", "v4dead.example.test", List.of(
                        "v4dead.example.test AAAA records: ::1", "v4dead.example.test AAAA query: NoError(0) ::1",
                        "v4dead.example.test A records: 192.0.2.1", "v4dead.example.test A query: NoError(0) 192.0.2.1"),
                        List.of("v4dead.example.test AAAA records: ::1", "v4dead.example.test AAAA query: NoError(0) ::1",
                        "v4dead.example.test A records: failed java.net.UnknownHostException: v4dead.example.test: no"
                                + " route to its A records 192.0.2.1; dnspatch mode=auto dropped them",
                        "v4dead.example.test A query: NoError(0)"),
                        List.of("v4dead.example.test: dropped 192.0.2.1 (no route), an empty A answer"),
                        List.of("AAAA", "AAAA", "A", "A")));
    }

    /** Each mode: what the app got without the agent and with it, the agent's lines, the queries DNS saw. */
    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("modes")
    void everyModeAppliesToEachFamilysRecords(String mode, String host, List<String> unpatched, List<String> patched,
            List<String> lines, List<String> queries) throws Exception {
        for (int feature : new int[] {17, 25}) {
            // Questions without the root's dot, as Armeria asks them: Netty's hosts file answers those.
            String[] options = {"-Dapp.apis=records,query", "-Dapp.plainNames=true"};
            ScenarioRun without = launch("netty42", feature, null).option(options).run(APP, host);
            ScenarioRun with = launch("netty42", feature, AGENT + "," + mode).option(options).run(APP, host);
            report(mode + ", " + host + ", JDK " + feature, without, with);

            assertEquals(unpatched, without.stdout(), without.toString());
            assertEquals(patched, with.stdout(), with.toString());
            assertEquals(lines.stream().map(l -> "[dnspatch] " + l).collect(Collectors.toList()),
                    with.agentLinesAfterTheBanner(), with.toString());
            assertEquals(queries, with.queries(host), with.toString());
        }
    }

    /**
     * A host with no IPv4 address under ipv4-only: the AAAA question is not sent, and the A
     * question, which DNS answers with no records, fails with the policy's explanation (the host
     * looked up once more in full to say what it has), and the warning says it once.
     */
    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("jdks")
    void aHostWithoutIpv4FailsWithTheReason(int feature) throws Exception {
        ScenarioRun without = launch("netty41", feature, null).option("-Dapp.apis=records").run(APP,
                "v6only.example.test");
        ScenarioRun with = launch("netty41", feature, AGENT).option("-Dapp.apis=records").run(APP,
                "v6only.example.test");
        report("IPv6-only host, JDK " + feature, without, with);

        assertEquals(List.of("v6only.example.test AAAA records: 2001:db8::4"), without.stdout().subList(0, 1),
                without.toString());
        assertTrue(without.stdout().get(1).startsWith("v6only.example.test A records: failed"
                + " java.net.UnknownHostException: Failed to resolve 'v6only.example.test"), without.toString());
        String nothingLeft = "v6only.example.test: no IPv4 address, only 2001:db8::4; dnspatch mode=ipv4-only removed"
                + " it. Use an IPv4 endpoint for this host (for example the provider's connection pooler) or give this"
                + " machine IPv6 connectivity";
        assertEquals(List.of("v6only.example.test AAAA records: failed java.net.UnknownHostException:"
                + " v6only.example.test: no AAAA question sent; dnspatch mode=ipv4-only asks DNS for IPv4 addresses"
                + " only", "v6only.example.test A records: failed java.net.UnknownHostException: " + nothingLeft),
                with.stdout(), with.toString());
        assertEquals(List.of("[dnspatch] v6only.example.test: asked DNS for IPv4 only (no AAAA question sent)",
                "[dnspatch] warning: " + nothingLeft), with.agentLinesAfterTheBanner(), with.toString());
    }

    static Stream<Integer> jdks() {
        return Runtimes.jdks();
    }

    /**
     * Names outside the patterns, and every other record type (TXT, and a CNAME question) of a
     * name inside them, come back as DNS gave them, from the same queries, with no line.
     */
    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("jdks")
    void otherNamesAndOtherRecordTypesAreUntouched(int feature) throws Exception {
        List<ScenarioRun> runs = new ArrayList<>();
        for (String agent : new String[] {null, AGENT}) {
            ScenarioRun names = launch("netty41", feature, agent).run(APP, "other.example.org");
            ScenarioRun types = launch("netty41", feature, agent).option("-Dapp.types=TXT,CNAME")
                    .run(APP, "db.example.test", "alias.example.test");
            runs.add(names);
            runs.add(types);
        }
        report("other.example.org, JDK " + feature, runs.get(0), runs.get(2));
        report("TXT and CNAME, JDK " + feature, runs.get(1), runs.get(3));

        assertEquals(List.of("other.example.org AAAA records: 2001:db8::9",
                "other.example.org AAAA query: NoError(0) 2001:db8::9",
                "other.example.org AAAA query+promise: NoError(0) 2001:db8::9 (a listener added before saw NoError(0)"
                        + " 2001:db8::9)",
                "other.example.org A records: 127.0.0.1", "other.example.org A query: NoError(0) 127.0.0.1",
                "other.example.org A query+promise: NoError(0) 127.0.0.1 (a listener added before saw NoError(0)"
                        + " 127.0.0.1)"), runs.get(0).stdout(), runs.get(0).toString());
        assertTrue(runs.get(1).stdout().contains("db.example.test TXT records: TXT(6 bytes)"), runs.get(1).toString());
        assertTrue(runs.get(1).stdout().contains("alias.example.test CNAME query: NoError(0) CNAME(17 bytes)"),
                runs.get(1).toString());
        for (int i = 0; i < 2; i++) {
            ScenarioRun without = runs.get(i);
            ScenarioRun with = runs.get(i + 2);
            assertEquals(without.stdout(), with.stdout(), with.toString());
            assertEquals(List.of(), with.agentLinesAfterTheBanner(), with.toString());
            for (String host : List.of("other.example.org", "db.example.test", "alias.example.test")) {
                assertEquals(without.queries(host), with.queries(host), with.toString());
            }
        }
    }

    /** log=debug: a line for every question, matched or not, and for the patched copy of Netty. */
    @Test
    void debugLinesForEveryQuestion() throws Exception {
        ScenarioRun with = launch("netty41", 17, AGENT + ",log=debug").option("-Dapp.apis=records")
                .run(APP, "db.example.test", "other.example.org");
        report("log=debug", null, with);

        List<String> lines = with.result().stderrLines();
        assertTrue(lines.stream().anyMatch(l -> l.matches("\\[dnspatch] patched the DnsNameResolver of Netty"
                + " 4\\.1\\.\\d+\\.Final, class loader app")), with.toString());
        assertEquals(List.of("[dnspatch] lookup db.example.test AAAA records: not asked (mode=ipv4-only)",
                "[dnspatch] db.example.test: asked DNS for IPv4 only (no AAAA question sent)",
                "[dnspatch] lookup db.example.test A records: 127.0.0.1 (IPv4, unchanged)",
                "[dnspatch] lookup other.example.org AAAA records: 2001:db8::9 (not matched, unchanged)",
                "[dnspatch] lookup other.example.org A records: 127.0.0.1 (not matched, unchanged)"),
                lines.stream().filter(l -> l.startsWith("[dnspatch] lookup ") || l.startsWith("[dnspatch] db.example"))
                        .collect(Collectors.toList()), with.toString());
    }

    /** netty=off: every question is left alone. */
    @Test
    void nettyOffLeavesTheQuestionsAlone() throws Exception {
        ScenarioRun without = launch("netty42", 25, null).run(APP, "db.example.test");
        ScenarioRun with = launch("netty42", 25, AGENT + ",netty=off").run(APP, "db.example.test");
        report("netty=off", without, with);

        assertEquals(without.stdout(), with.stdout(), with.toString());
        assertTrue(with.stdout().contains("db.example.test AAAA records: 2001:db8::1"), with.toString());
        assertTrue(with.banner().endsWith(", netty=off"), with.toString());
        assertEquals(List.of(), with.agentLinesAfterTheBanner(), with.toString());
        assertEquals(without.queries("db.example.test"), with.queries("db.example.test"), with.toString());
    }

    /** The app with this Netty library set, on this JDK, preferring IPv6 as the JVM is told to. */
    private static ScenarioRun.Launch launch(String netty, int feature, String agent) throws Exception {
        return new ScenarioRun.Launch(dir, namespace, zone, feature, agent, true, launcher -> launcher)
                .classPath(AppJars.sets(netty));
    }

    private static void report(String scenario, ScenarioRun without, ScenarioRun with) {
        ScenarioRun.report("netty records", scenario, without, with);
    }
}
