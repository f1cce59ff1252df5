package dev.dnspatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dnspatch.it.apps.NettyResolveApp;
import dev.dnspatch.it.apps.ProbeApp;
import dev.dnspatch.it.support.AppJars;
import dev.dnspatch.it.support.ForkedJvm;
import dev.dnspatch.it.support.Jdks;
import dev.dnspatch.it.support.Namespace;
import dev.dnspatch.it.support.Runtimes;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A mode per host, in one JVM, the case that one global mode cannot serve. In a namespace with
 * loopback, an IPv6 address on an interface and no route beyond (global IPv6 such as
 * {@code 2001:db8::1} and TEST-NET IPv4 such as {@code 192.0.2.1} answer "Network is
 * unreachable"):
 *
 * <ul>
 *   <li>{@code db.example.test}, a dual-stack name on an IPv4-only path ({@code 2001:db8::1} and
 *       {@code 127.0.0.1}), needs {@code ipv4-only}: a JVM that puts IPv6 first fails without it;</li>
 *   <li>{@code v4dead.example.test}, a name on an IPv6-only network ({@code 192.0.2.1} and
 *       {@code fd00::2}, the namespace's own IPv6 address), needs IPv6 first: a JVM that puts IPv4
 *       first (the JDK's default) fails without it. Not {@code ::1}: asked for IPv4 alone, glibc
 *       answers a hosts-file {@code ::1} with {@code 127.0.0.1}.</li>
 * </ul>
 *
 * With {@code hosts=db.example.test,v4dead.example.test:ipv6-first} both are reached, in a JVM
 * that puts IPv6 first and in one that puts IPv4 first, through both engines and through Netty's
 * own resolver. With one mode for both, one of them stays broken: {@code mode=ipv4-only} breaks
 * the second, {@code mode=ipv6-first} the first. ({@code mode=auto} would serve both here, where
 * the dead paths have no route at all; where a route exists and drops the packets, as on a NAT64
 * network that lost its gateway, it cannot tell.)
 */
class HostRulesTest {
    private static final String RULES = "hosts=db.example.test,v4dead.example.test:ipv6-first";
    private static final String BOTH_IPV4_ONLY = "hosts=db.example.test,v4dead.example.test";
    private static final String BOTH_IPV6_FIRST = "hosts=db.example.test,v4dead.example.test,mode=ipv6-first";
    private static final String V6 = "2001:db8:0:0:0:0:0:1";
    private static final String LOCAL_V6 = "fd00:0:0:0:0:0:0:2";
    private static final String REORDERED = "[dnspatch] v4dead.example.test: using fd00::2 first, then 192.0.2.1 (rule"
            + " v4dead.example.test:ipv6-first)";

    @TempDir
    static Path dir;
    private static Namespace namespace;

    @BeforeAll
    static void namespace() throws Exception {
        Namespace.assumeAvailable();
        namespace = Namespace.withHosts(dir, "2001:db8::1 db.example.test", "127.0.0.1 db.example.test",
                "192.0.2.1 v4dead.example.test", "fd00::2 v4dead.example.test").withUlaAddress();
    }

    static Stream<Arguments> runtimes() {
        return Runtimes.everyEngine();
    }

    private static ForkedJvm probe(int feature, boolean preferIpv6, String agent) {
        ForkedJvm jvm = ForkedJvm.on(Jdks.require(feature)).in(namespace).jvmOption("-Dapp.listen=any");
        if (preferIpv6) {
            jvm.jvmOption("-Djava.net.preferIPv6Addresses=true");
        }
        return agent == null ? jvm : jvm.withAgent(agent);
    }

    private static ForkedJvm.Result probe(int feature, boolean preferIpv6, String agent, String engine)
            throws Exception {
        return probe(feature, preferIpv6, agent == null ? null : agent + engine).run(ProbeApp.class.getName(),
                "db.example.test", "v4dead.example.test");
    }

    @ParameterizedTest(name = "JDK {0}{1}")
    @MethodSource("runtimes")
    void twoRulesReachEachNameOverTheFamilyItNeedsWhereOneModeLeavesOneBroken(int feature, String engine,
            String bannerEngine) throws Exception {
        String unreachable = "failed " + Runtimes.networkUnreachable(feature);
        String db = feature >= 18 && engine.isEmpty()
                ? "[dnspatch] db.example.test: using 127.0.0.1 (asked DNS for IPv4 only)"
                : "[dnspatch] db.example.test: using 127.0.0.1, dropped 2001:db8::1";
        for (boolean preferIpv6 : new boolean[] {true, false}) {
            ForkedJvm.Result without = probe(feature, preferIpv6, null, engine);
            ForkedJvm.Result rules = probe(feature, preferIpv6, RULES, engine);
            ForkedJvm.Result ipv4Only = probe(feature, preferIpv6, BOTH_IPV4_ONLY, engine);
            ForkedJvm.Result ipv6First = probe(feature, preferIpv6, BOTH_IPV6_FIRST, engine);
            System.out.println("[rules] JDK " + feature + engine + ", preferIPv6Addresses=" + preferIpv6 + ": without "
                    + without.stdoutLines() + "; rules " + rules.stdoutLines() + " " + rules.stderrLines()
                    + "; ipv4-only " + ipv4Only.stdoutLines() + "; ipv6-first " + ipv6First.stdoutLines());

            // Without the agent, the JVM's one order breaks one of the two.
            if (preferIpv6) {
                assertEquals(V6 + " 127.0.0.1", without.line("resolve db.example.test"), without.toString());
                assertEquals(unreachable, without.line("connect db.example.test"), without.toString());
            } else {
                assertEquals("192.0.2.1 " + LOCAL_V6, without.line("resolve v4dead.example.test"),
                        without.toString());
                assertEquals(unreachable, without.line("connect v4dead.example.test"), without.toString());
            }

            // The rules reach both.
            assertEquals("127.0.0.1", rules.line("resolve db.example.test"), rules.toString());
            assertEquals("ok 127.0.0.1", rules.line("connect db.example.test"), rules.toString());
            assertEquals(LOCAL_V6 + " 192.0.2.1", rules.line("resolve v4dead.example.test"), rules.toString());
            assertEquals("ok " + LOCAL_V6, rules.line("connect v4dead.example.test"), rules.toString());
            List<String> lines = rules.stderrLines();
            assertTrue(lines.get(0).matches("\\[dnspatch] dnspatch \\S+ on JDK \\S+: " + bannerEngine
                    + "( \\(.*\\))?, mode=ipv4-only, hosts=db\\.example\\.test,v4dead\\.example\\.test:ipv6-first,"
                    + " netty=on"), rules.toString());
            // Where the JVM already puts IPv6 first, the second rule has nothing to change.
            assertEquals(preferIpv6 ? List.of(db) : List.of(db, REORDERED), lines.subList(1, lines.size()),
                    rules.toString());

            // One mode for both: one of the two stays broken, whichever mode it is.
            assertEquals("ok 127.0.0.1", ipv4Only.line("connect db.example.test"), ipv4Only.toString());
            assertEquals("192.0.2.1", ipv4Only.line("resolve v4dead.example.test"), ipv4Only.toString());
            assertEquals(unreachable, ipv4Only.line("connect v4dead.example.test"), ipv4Only.toString());
            assertEquals(V6 + " 127.0.0.1", ipv6First.line("resolve db.example.test"), ipv6First.toString());
            assertEquals(unreachable, ipv6First.line("connect db.example.test"), ipv6First.toString());
            assertEquals("ok " + LOCAL_V6, ipv6First.line("connect v4dead.example.test"), ipv6First.toString());
        }
    }

    /** Overlapping patterns with different modes, written in both orders: the most specific one decides. */
    static Stream<Arguments> overlapping() {
        return Stream.of(17, 25).flatMap(jdk -> Stream.of(
                Arguments.of(jdk, "hosts=*.example.test:ipv6-first,db.example.test:ipv4-only"),
                Arguments.of(jdk, "hosts=db.example.test:ipv4-only,*.example.test:ipv6-first"),
                Arguments.of(jdk, "hosts=*:ipv4-only,*.example.test:ipv6-first,db.example.test:ipv4-only,mode=auto"),
                Arguments.of(jdk, "hosts=db.example.test:ipv4-only,*.example.test:ipv6-first,*:ipv4-only,mode=auto")));
    }

    @ParameterizedTest(name = "JDK {0}: {1}")
    @MethodSource("overlapping")
    void theMostSpecificPatternDecidesInEitherOrder(int feature, String agent) throws Exception {
        ForkedJvm.Result run = probe(feature, false, agent).run(ProbeApp.class.getName(), "db.example.test",
                "v4dead.example.test");

        assertEquals("ok 127.0.0.1", run.line("connect db.example.test"), run.toString());
        assertEquals(LOCAL_V6 + " 192.0.2.1", run.line("resolve v4dead.example.test"), run.toString());
        assertEquals("ok " + LOCAL_V6, run.line("connect v4dead.example.test"), run.toString());
    }

    static Stream<Arguments> nettyRuns() {
        return Stream.of(8, 17, 25).flatMap(jdk -> Stream.of(Arguments.of(jdk, true), Arguments.of(jdk, false)));
    }

    /**
     * The same through Netty's own resolver (Netty 4.1, as Vert.x 4.5 ships it), which puts IPv6
     * first here where the JVM prefers it, IPv4 first otherwise: its answer is what a Netty client
     * connects to, first address first.
     */
    @ParameterizedTest(name = "JDK {0}, preferIPv6Addresses={1}")
    @MethodSource("nettyRuns")
    void nettyGetsTheModeOfEachHostsRule(int feature, boolean preferIpv6) throws Exception {
        List<String> without = netty(feature, preferIpv6, null);
        List<String> rules = netty(feature, preferIpv6, RULES);
        List<String> ipv4Only = netty(feature, preferIpv6, BOTH_IPV4_ONLY);
        List<String> ipv6First = netty(feature, preferIpv6, BOTH_IPV6_FIRST);
        System.out.println("[rules] Netty, JDK " + feature + ", preferIPv6Addresses=" + preferIpv6 + ": without "
                + without + "; rules " + rules + "; ipv4-only " + ipv4Only + "; ipv6-first " + ipv6First);

        assertEquals(preferIpv6 ? List.of("db.example.test all: 2001:db8::1, 127.0.0.1", "db.example.test one: 2001:db8::1")
                : List.of("v4dead.example.test all: 192.0.2.1, fd00::2", "v4dead.example.test one: 192.0.2.1"),
                without.subList(preferIpv6 ? 0 : 2, preferIpv6 ? 2 : 4));
        assertEquals(List.of("db.example.test all: 127.0.0.1", "db.example.test one: 127.0.0.1",
                "v4dead.example.test all: fd00::2, 192.0.2.1", "v4dead.example.test one: fd00::2"), rules);
        assertEquals(List.of("v4dead.example.test all: 192.0.2.1", "v4dead.example.test one: 192.0.2.1"),
                ipv4Only.subList(2, 4));
        assertEquals(List.of("db.example.test all: 2001:db8::1, 127.0.0.1", "db.example.test one: 2001:db8::1"),
                ipv6First.subList(0, 2));
    }

    private static List<String> netty(int feature, boolean preferIpv6, String agent) throws Exception {
        ForkedJvm jvm = ForkedJvm.on(Jdks.require(feature)).in(namespace).classPath(AppJars.sets("netty41"));
        if (preferIpv6) {
            jvm.jvmOption("-Djava.net.preferIPv6Addresses=true");
        }
        if (feature >= 24) {
            jvm.jvmOption("--sun-misc-unsafe-memory-access=allow"); // Netty's own warning about sun.misc.Unsafe
        }
        ForkedJvm.Result run = (agent == null ? jvm : jvm.withAgent(agent)).run(NettyResolveApp.class.getName(),
                "db.example.test", "v4dead.example.test");
        assertEquals(0, run.exitCode, run.toString());
        List<String> lines = run.stdoutLines().stream().filter(l -> l.contains(".example.test ")).collect(
                Collectors.toList());
        assertEquals(4, lines.size(), run.toString());
        return lines;
    }
}
