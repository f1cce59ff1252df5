package dev.dnspatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dnspatch.it.apps.ProbeApp;
import dev.dnspatch.it.support.AppJars;
import dev.dnspatch.it.support.ForkedJvm;
import dev.dnspatch.it.support.Jdks;
import dev.dnspatch.it.support.Namespace;
import dev.dnspatch.it.support.Runtimes;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The JDK 18+ engine, proven on JDK 21 and 25 in a namespace with no IPv6 route, where
 * {@code db.example.test} and {@code other.example.test} have {@code 2001:db8::1} and
 * {@code 127.0.0.1} and the JVM prefers IPv6 ({@code -Djava.net.preferIPv6Addresses=true}).
 */
class ResolverProviderTest {
    private static final String PROBE = ProbeApp.class.getName();
    private static final String V6 = "2001:db8:0:0:0:0:0:1";
    private static final String BOTH_V6_FIRST = V6 + " 127.0.0.1";
    private static final String UNREACHABLE = "Network is unreachable";
    private static final String BANNER = "\\[dnspatch] dnspatch \\S+ on JDK %d\\S*: engine=spi, mode=ipv4-only,"
            + " hosts=\\*\\.example\\.test, netty=on";

    @TempDir
    static Path dir;
    private static Namespace namespace;

    @BeforeAll
    static void namespace() throws Exception {
        Namespace.assumeAvailable();
        namespace = Namespace.withHosts(dir,
                "2001:db8::1 db.example.test", "127.0.0.1 db.example.test",
                "2001:db8::1 other.example.test", "127.0.0.1 other.example.test",
                "2001:db8::2 v6only.example.test");
    }

    static Stream<Integer> resolverSpiJdks() {
        return Runtimes.jdksFrom(18);
    }

    private static ForkedJvm jvm(int feature) {
        return ForkedJvm.on(Jdks.require(feature)).in(namespace).jvmOption("-Djava.net.preferIPv6Addresses=true");
    }

    /** The banner's pattern on this JDK. */
    private static String banner(int feature) {
        return String.format(BANNER, feature);
    }

    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("resolverSpiJdks")
    void withoutTheAgentTheConnectFailsWithNetworkUnreachable(int feature) throws Exception {
        ForkedJvm.Result run = jvm(feature).run(PROBE, "db.example.test");

        assertEquals(BOTH_V6_FIRST, run.line("resolve db.example.test"), run.toString());
        assertTrue(run.line("connect db.example.test").contains(UNREACHABLE), run.toString());
        assertEquals("", run.stderr, run.toString());
    }

    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("resolverSpiJdks")
    void agentArgumentMakesMatchingHostsConnectOverIpv4(int feature) throws Exception {
        ForkedJvm.Result run = jvm(feature).withAgent("hosts=*.example.test").run(PROBE, "db.example.test",
                "other.example.test");

        assertEquals("127.0.0.1", run.line("resolve db.example.test"), run.toString());
        assertEquals("ok 127.0.0.1", run.line("connect db.example.test"), run.toString());
        assertEquals("ok 127.0.0.1", run.line("connect other.example.test"), run.toString());
    }

    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("resolverSpiJdks")
    void stderrHoldsExactlyTheBannerAndOneChangeLinePerHost(int feature) throws Exception {
        ForkedJvm.Result run = jvm(feature).withAgent("hosts=*.example.test").run(PROBE, "db.example.test");

        List<String> lines = run.stderrLines();
        assertEquals(2, lines.size(), run.toString());
        assertTrue(lines.get(0).matches(banner(feature)), lines.get(0));
        assertEquals("[dnspatch] db.example.test: using 127.0.0.1 (asked DNS for IPv4 only)", lines.get(1));
    }

    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("resolverSpiJdks")
    void hostsOutsideThePatternsKeepBothAddressesIpv6First(int feature) throws Exception {
        ForkedJvm.Result run = jvm(feature).withAgent("hosts=db.example.test").run(PROBE, "db.example.test",
                "other.example.test");

        assertEquals("ok 127.0.0.1", run.line("connect db.example.test"), run.toString());
        assertEquals(BOTH_V6_FIRST, run.line("resolve other.example.test"), run.toString());
        assertTrue(run.line("connect other.example.test").contains(UNREACHABLE), run.toString());
    }

    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("resolverSpiJdks")
    void systemPropertyConfiguresTheAgent(int feature) throws Exception {
        ForkedJvm.Result run = jvm(feature).withAgent(null).jvmOption("-Ddnspatch.hosts=*.example.test")
                .run(PROBE, "db.example.test");

        assertEquals("ok 127.0.0.1", run.line("connect db.example.test"), run.toString());
    }

    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("resolverSpiJdks")
    void environmentVariableConfiguresTheAgent(int feature) throws Exception {
        ForkedJvm.Result run = jvm(feature).withAgent(null).env("DNSPATCH_HOSTS", "*.example.test")
                .run(PROBE, "db.example.test");

        assertEquals("ok 127.0.0.1", run.line("connect db.example.test"), run.toString());
    }

    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("resolverSpiJdks")
    void agentArgumentWinsOverSystemPropertyAndEnvironment(int feature) throws Exception {
        ForkedJvm.Result run = jvm(feature).withAgent("hosts=db.example.test")
                .jvmOption("-Ddnspatch.hosts=other.example.test").env("DNSPATCH_HOSTS", "other.example.test")
                .run(PROBE, "db.example.test", "other.example.test");

        assertEquals("ok 127.0.0.1", run.line("connect db.example.test"), run.toString());
        assertTrue(run.line("connect other.example.test").contains(UNREACHABLE), run.toString());
    }

    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("resolverSpiJdks")
    void javaToolOptionsAloneLoadsAndConfiguresTheAgent(int feature) throws Exception {
        ForkedJvm.Result run = jvm(feature)
                .env("JAVA_TOOL_OPTIONS", "-javaagent:" + ForkedJvm.agentJar() + "=hosts=*.example.test")
                .run(PROBE, "db.example.test");

        assertEquals("ok 127.0.0.1", run.line("connect db.example.test"), run.toString());
        // The JVM itself announces JAVA_TOOL_OPTIONS; everything else on stderr is dnspatch's.
        assertTrue(run.stderrLines().get(0).startsWith("Picked up JAVA_TOOL_OPTIONS"), run.toString());
        assertTrue(run.stderrLines().get(1).matches(banner(feature)), run.toString());
    }

    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("resolverSpiJdks")
    void jarOnThePlainClassPathWorksWithoutJavaagent(int feature) throws Exception {
        ForkedJvm.Result without = jvm(feature).classPath(ForkedJvm.agentJar()).run(PROBE, "db.example.test");
        ForkedJvm.Result withEnv = jvm(feature).classPath(ForkedJvm.agentJar()).env("DNSPATCH_HOSTS", "*.example.test")
                .run(PROBE, "db.example.test");
        ForkedJvm.Result withProperties = jvm(feature).classPath(ForkedJvm.agentJar())
                .jvmOption("-Ddnspatch.hosts=*.example.test").jvmOption("-Ddnspatch.log=debug")
                .run(PROBE, "db.example.test");

        assertTrue(without.line("connect db.example.test").contains(UNREACHABLE), without.toString());
        assertEquals(1, without.stderrLines().size(), without.toString());
        assertTrue(without.stderr.startsWith("[dnspatch] warning: no hosts configured"), without.toString());
        // No -javaagent, no Instrumentation: Netty's resolver cannot be patched, and the banner does not say it is.
        String banner = banner(feature).replace("engine=spi", "engine=spi \\(from the class path\\)")
                .replace(", netty=on", "");
        String changed = "[dnspatch] db.example.test: using 127.0.0.1 (asked DNS for IPv4 only)";
        assertEquals("ok 127.0.0.1", withEnv.line("connect db.example.test"), withEnv.toString());
        assertEquals(2, withEnv.stderrLines().size(), withEnv.toString());
        assertTrue(withEnv.stderrLines().get(0).matches(banner), withEnv.toString());
        assertEquals(changed, withEnv.stderrLines().get(1), withEnv.toString());
        assertEquals("ok 127.0.0.1", withProperties.line("connect db.example.test"), withProperties.toString());
        assertEquals(3, withProperties.stderrLines().size(), withProperties.toString());
        assertTrue(withProperties.stderrLines().get(0).matches(banner), withProperties.toString());
        assertEquals(List.of("[dnspatch] lookup db.example.test: asked for IPv4 only -> 127.0.0.1", changed),
                withProperties.stderrLines().subList(1, 3), withProperties.toString());
    }

    /**
     * dnspatch's jar named on the class path before the app's dnsjava, and loaded as the agent:
     * the JDK finds dnspatch's provider first, where without dnspatch it would take dnsjava's.
     * The app keeps dnsjava's resolver, with dnspatch filtering its answers.
     */
    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("resolverSpiJdks")
    void appsOwnProviderLaterOnTheClassPathKeepsResolving(int feature) throws Exception {
        String enable = "-Dorg.dnsjava.spi.enable=true";
        String dnsjavaResolves = "Enabling dnsjava SPI";
        ForkedJvm.Result without = withDnsjava(jvm(feature).jvmOption(enable)).run(PROBE, "db.example.test");
        ForkedJvm.Result with = withDnsjava(jvm(feature).jvmOption(enable).classPath(ForkedJvm.agentJar()))
                .withAgent("hosts=*.example.test,log=debug").run(PROBE, "db.example.test");

        assertTrue(without.line("connect db.example.test").contains(UNREACHABLE), without.toString());
        assertTrue(without.stderr.contains(dnsjavaResolves), without.toString());
        assertEquals("ok 127.0.0.1", with.line("connect db.example.test"), with.toString());
        assertTrue(with.stderr.contains(dnsjavaResolves), with.toString());
        assertTrue(with.stderr.contains("[dnspatch] resolving through"
                + " org.xbill.DNS.spi.DnsjavaInetAddressResolverProvider, the app's resolver provider"), with.toString());
    }

    private static ForkedJvm withDnsjava(ForkedJvm jvm) {
        return jvm.classPath(AppJars.fromProperty("dnspatch.test.dnsjava")).classPath(AppJars.get("slf4j2-api"))
                .classPath(AppJars.get("slf4j2-simple"));
    }

    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("resolverSpiJdks")
    void ipv4FirstKeepsIpv6AddressesBehindIpv4(int feature) throws Exception {
        ForkedJvm.Result run = jvm(feature).withAgent("hosts=*.example.test,mode=ipv4-first").run(PROBE, "db.example.test");

        assertEquals("127.0.0.1 " + V6, run.line("resolve db.example.test"), run.toString());
        assertEquals("ok 127.0.0.1", run.line("connect db.example.test"), run.toString());
        assertEquals("[dnspatch] db.example.test: using 127.0.0.1 first, then 2001:db8::1", run.stderrLines().get(1));
    }

    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("resolverSpiJdks")
    void ipv6OnlyDropsIpv4(int feature) throws Exception {
        ForkedJvm.Result run = jvm(feature).withAgent("hosts=db.example.test,mode=ipv6-only").run(PROBE, "db.example.test");

        assertEquals(V6, run.line("resolve db.example.test"), run.toString());
        assertTrue(run.line("connect db.example.test").contains(UNREACHABLE), run.toString());
    }

    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("resolverSpiJdks")
    void hostWithNoIpv4AddressFailsWithAnExplanation(int feature) throws Exception {
        ForkedJvm.Result without = jvm(feature).run(PROBE, "v6only.example.test");
        ForkedJvm.Result with = jvm(feature).withAgent("hosts=*.example.test").run(PROBE, "v6only.example.test");

        assertTrue(without.line("connect v6only.example.test").contains(UNREACHABLE), without.toString());
        String failure = with.line("resolve v6only.example.test");
        assertTrue(failure.startsWith("failed java.net.UnknownHostException: v6only.example.test: no IPv4 address,"
                + " only 2001:db8::2; dnspatch mode=ipv4-only removed it."), failure);
        assertTrue(failure.contains("connection pooler"), failure);
    }

    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("resolverSpiJdks")
    void badOptionPrintsOneLineAndTheAppRunsUnpatched(int feature) throws Exception {
        ForkedJvm.Result run = jvm(feature).withAgent("host=*.example.test").run(PROBE, "db.example.test");

        assertEquals(0, run.exitCode, run.toString());
        assertEquals(List.of("[dnspatch] error: unknown option 'host' (did you mean 'hosts'?); options are hosts,"
                + " mode, log, engine, strict, netty; the app runs unpatched"), run.stderrLines());
        assertTrue(run.line("connect db.example.test").contains(UNREACHABLE), run.toString());
    }

    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("resolverSpiJdks")
    void strictTrueStopsTheJvmOnABadOption(int feature) throws Exception {
        ForkedJvm.Result run = jvm(feature).withAgent("host=*.example.test,strict=true").run(PROBE, "db.example.test");

        assertNotEquals(0, run.exitCode, run.toString());
        assertEquals(List.of("[dnspatch] error: unknown option 'host' (did you mean 'hosts'?); options are hosts,"
                + " mode, log, engine, strict, netty; strict=true, so the JVM will not start"), run.stderrLines());
        assertEquals("", run.stdout, "the app must not have run");
    }

    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("resolverSpiJdks")
    void agentWithNoHostsWarnsOnceAndPatchesNothing(int feature) throws Exception {
        ForkedJvm.Result run = jvm(feature).withAgent(null).run(PROBE, "db.example.test");

        assertEquals(1, run.stderrLines().size(), run.toString());
        assertTrue(run.stderr.startsWith("[dnspatch] warning: no hosts configured"), run.toString());
        assertTrue(run.line("connect db.example.test").contains(UNREACHABLE), run.toString());
    }

    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("resolverSpiJdks")
    void logOffIsSilentAndDebugShowsEveryLookup(int feature) throws Exception {
        ForkedJvm.Result off = jvm(feature).withAgent("hosts=*.example.test,log=off").run(PROBE, "db.example.test");
        ForkedJvm.Result debug = jvm(feature).withAgent("hosts=db.example.test,log=debug")
                .run(PROBE, "db.example.test", "other.example.test");

        assertEquals("ok 127.0.0.1", off.line("connect db.example.test"), off.toString());
        assertEquals("", off.stderr, off.toString());
        assertTrue(debug.stderr.contains("[dnspatch] lookup db.example.test: asked for IPv4 only -> 127.0.0.1"),
                debug.toString());
        assertTrue(debug.stderr.contains("[dnspatch] lookup other.example.test: 2001:db8::1, 127.0.0.1 (not matched,"
                + " unchanged)"), debug.toString());
    }
}
