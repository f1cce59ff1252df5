package dev.dnspatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dnspatch.it.apps.EarlyLookupAgent;
import dev.dnspatch.it.apps.ProbeApp;
import dev.dnspatch.it.support.ForkedJvm;
import dev.dnspatch.it.support.Jdks;
import dev.dnspatch.it.support.Namespace;
import dev.dnspatch.it.support.Runtimes;
import dev.dnspatch.it.support.TestJars;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The instrumentation engine: JDK 8, 11 and 17 by default, JDK 21 and 25 when forced, and JDK 21
 * and 25 in the three cases where the JDK ignores every resolver provider. Same namespace as the resolver provider
 * tests: loopback only, its own hosts file, and a JVM that prefers IPv6.
 */
class InstrumentationEngineTest {
    private static final String PROBE = ProbeApp.class.getName();
    private static final String V6 = "2001:db8:0:0:0:0:0:1";
    private static final String UNREACHABLE = "Network is unreachable";

    @TempDir
    static Path dir;
    private static Namespace namespace;
    private static Path hostsFile;

    @BeforeAll
    static void namespace() throws Exception {
        Namespace.assumeAvailable();
        namespace = Namespace.withHosts(dir,
                "2001:db8::1 db.example.test", "127.0.0.1 db.example.test",
                "2001:db8::1 other.example.test", "127.0.0.1 other.example.test",
                "2001:db8::2 v6only.example.test");
        hostsFile = dir.resolve("hosts");
    }

    /** The JVMs that run the instrumentation engine, and the engine= argument that gets them there. */
    static Stream<Arguments> runtimes() {
        return Runtimes.instrumentation();
    }

    private static ForkedJvm jvm(int feature) {
        return ForkedJvm.on(Jdks.require(feature)).in(namespace).jvmOption("-Djava.net.preferIPv6Addresses=true");
    }

    @ParameterizedTest(name = "JDK {0}{1}")
    @MethodSource("runtimes")
    void matchingHostsConnectOverIpv4AndOthersAreUntouched(int feature, String engine) throws Exception {
        ForkedJvm.Result without = jvm(feature).run(PROBE, "db.example.test");
        ForkedJvm.Result with = jvm(feature).withAgent("hosts=db.example.test" + engine)
                .run(PROBE, "db.example.test", "other.example.test");

        assertTrue(without.line("connect db.example.test").contains(UNREACHABLE), without.toString());
        assertEquals("127.0.0.1", with.line("resolve db.example.test"), with.toString());
        assertEquals("ok 127.0.0.1", with.line("connect db.example.test"), with.toString());
        assertEquals(V6 + " 127.0.0.1", with.line("resolve other.example.test"), with.toString());
        assertTrue(with.line("connect other.example.test").contains(UNREACHABLE), with.toString());
    }

    @ParameterizedTest(name = "JDK {0}{1}")
    @MethodSource("runtimes")
    void stderrHoldsOnlyDnspatchLinesWithNoJvmWarnings(int feature, String engine) throws Exception {
        ForkedJvm.Result run = jvm(feature).withAgent("hosts=*.example.test" + engine).run(PROBE, "db.example.test");

        assertEquals(List.of(
                "[dnspatch] dnspatch 0.1.0 on JDK " + javaVersion(run) + ": engine=instrument, mode=ipv4-only,"
                        + " hosts=*.example.test, netty=on",
                "[dnspatch] db.example.test: using 127.0.0.1, dropped 2001:db8::1"), run.stderrLines());
    }

    @ParameterizedTest(name = "JDK {0}{1}")
    @MethodSource("runtimes")
    void onlyModeExplainsAHostWithNothingLeft(int feature, String engine) throws Exception {
        ForkedJvm.Result without = jvm(feature).run(PROBE, "v6only.example.test");
        ForkedJvm.Result with = jvm(feature).withAgent("hosts=*.example.test" + engine).run(PROBE, "v6only.example.test");

        assertTrue(without.line("connect v6only.example.test").contains(UNREACHABLE), without.toString());
        assertTrue(with.line("resolve v6only.example.test").startsWith("failed java.net.UnknownHostException:"
                + " v6only.example.test: no IPv4 address, only 2001:db8::2; dnspatch mode=ipv4-only removed it."),
                with.toString());
    }

    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("resolverSpiJdks")
    void hostsFilePropertyFallsBackToInstrumentation(int feature) throws Exception {
        Path hosts = Files.copy(hostsFile, dir.resolve("jdk-hosts-" + feature));
        ForkedJvm.Result without = jvm(feature).jvmOption("-Djdk.net.hosts.file=" + hosts).run(PROBE, "db.example.test");
        ForkedJvm.Result with = jvm(feature).jvmOption("-Djdk.net.hosts.file=" + hosts)
                .withAgent("hosts=*.example.test").run(PROBE, "db.example.test");

        assertTrue(without.line("connect db.example.test").contains(UNREACHABLE), without.toString());
        assertEquals("ok 127.0.0.1", with.line("connect db.example.test"), with.toString());
        assertTrue(with.stderrLines().get(0).contains("engine=instrument (jdk.net.hosts.file is set)"), with.toString());
    }

    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("resolverSpiJdks")
    void dnsjavaProviderFirstOnTheClassPathFallsBackToInstrumentation(int feature) throws Exception {
        Path dnsjava = Paths.get(System.getProperty("dnspatch.test.dnsjava"));
        ForkedJvm.Result without = jvm(feature).classPath(dnsjava).run(PROBE, "db.example.test");
        ForkedJvm.Result with = jvm(feature).classPath(dnsjava).withAgent("hosts=*.example.test")
                .run(PROBE, "db.example.test");

        assertTrue(without.line("connect db.example.test").contains(UNREACHABLE), without.toString());
        assertEquals("ok 127.0.0.1", with.line("connect db.example.test"), with.toString());
        assertTrue(with.stderrLines().get(0).contains("engine=instrument (another resolver provider comes first"
                + " on the class path (" + dnsjava.getFileName() + "))"), with.toString());
    }

    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("jdks")
    void aLookupInAnEarlierAgentsPremainDoesNotStopThePatch(int feature) throws Exception {
        Path early = TestJars.agent(dir, EarlyLookupAgent.class);
        ForkedJvm.Result without = jvm(feature).jvmOption("-javaagent:" + early + "=db.example.test")
                .run(PROBE, "db.example.test");
        ForkedJvm.Result with = jvm(feature).jvmOption("-javaagent:" + early + "=localhost")
                .withAgent("hosts=*.example.test").run(PROBE, "db.example.test");

        assertTrue(without.line("connect db.example.test").contains(UNREACHABLE), without.toString());
        assertEquals("ok 127.0.0.1", with.line("connect db.example.test"), with.toString());
        String engine = feature >= 18 ? "engine=instrument (a name was resolved before dnspatch loaded)," : "engine=instrument,";
        assertTrue(with.stderrLines().get(0).contains(engine), with.toString());
    }

    /** A documented limit: the JDK caches the earlier answer, and the patch only sees lookups that reach the resolver. */
    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("jdks")
    void aNameAnEarlierAgentResolvedKeepsItsCachedAnswer(int feature) throws Exception {
        Path early = TestJars.agent(dir, EarlyLookupAgent.class);
        ForkedJvm.Result run = jvm(feature).jvmOption("-javaagent:" + early + "=db.example.test")
                .withAgent("hosts=*.example.test").run(PROBE, "db.example.test", "other.example.test");

        assertEquals(V6 + " 127.0.0.1", run.line("resolve db.example.test"), run.toString());
        assertEquals("127.0.0.1", run.line("resolve other.example.test"), run.toString());
    }

    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("resolverSpiJdks")
    void forcingTheResolverProviderWhereItCannotWorkIsAConfigurationError(int feature) throws Exception {
        ForkedJvm.Result run = jvm(feature).jvmOption("-Djdk.net.hosts.file=" + hostsFile)
                .withAgent("hosts=*.example.test,engine=spi").run(PROBE, "db.example.test");

        assertEquals(List.of("[dnspatch] error: engine=spi cannot take effect here: jdk.net.hosts.file is set;"
                + " use engine=auto or engine=instrument; the app runs unpatched"), run.stderrLines());
        assertTrue(run.line("connect db.example.test").contains(UNREACHABLE), run.toString());
    }

    static Stream<Integer> jdks() {
        return Runtimes.jdks();
    }

    /** The JDKs with a resolver SPI, which the three cases below make the JDK ignore. */
    static Stream<Integer> resolverSpiJdks() {
        return Runtimes.jdksFrom(18);
    }

    private static String javaVersion(ForkedJvm.Result run) {
        String banner = run.stderrLines().isEmpty() ? "" : run.stderrLines().get(0);
        int start = banner.indexOf(" on JDK ");
        int end = banner.indexOf(':', start);
        return start < 0 || end < 0 ? "?" : banner.substring(start + " on JDK ".length(), end);
    }
}
