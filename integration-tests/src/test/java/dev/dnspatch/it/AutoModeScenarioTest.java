package dev.dnspatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dnspatch.it.apps.JdbcApp;
import dev.dnspatch.it.support.DnsServer;
import dev.dnspatch.it.support.ForkedJvm;
import dev.dnspatch.it.support.Jdks;
import dev.dnspatch.it.support.Namespace;
import dev.dnspatch.it.support.Postgres;
import dev.dnspatch.it.support.PostgresNetwork;
import dev.dnspatch.it.support.Runtimes;
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
 * {@code hosts=*,mode=auto}, the "just make it work" setting, with an unmodified JDBC app against
 * a real PostgreSQL listening on 127.0.0.1 and ::1, in a namespace with only loopback: ::1 has a
 * route, global IPv6 (2001:db8::/32) and TEST-NET IPv4 (192.0.2.0/24) have none. Each scenario runs
 * the app without the agent too.
 */
class AutoModeScenarioTest {
    private static final String JDBC_APP = JdbcApp.class.getName();
    private static final String AUTO = "hosts=*,mode=auto";
    /** See DoctorTest: keeps a JVM warning about a shared hsperfdata file off stdout. */

    @TempDir
    static Path dir;
    private static Namespace namespace;
    private static Postgres postgres;
    private static DnsServer.Zone zone;

    @BeforeAll
    static void servers() throws Exception {
        PostgresNetwork network = PostgresNetwork.prepare(dir, "127.0.0.1,::1");
        namespace = network.namespace;
        postgres = network.postgres;
        zone = network.zone
                .aaaa("db.example.test", "2001:db8::1").a("db.example.test", "127.0.0.1")
                .aaaa("local.example.test", "::1").a("local.example.test", "127.0.0.1")
                .aaaa("v4dead.example.test", "::1").a("v4dead.example.test", "192.0.2.1")
                .aaaa("nowhere.example.test", "2001:db8::1").a("nowhere.example.test", "192.0.2.1");
    }

    /** JDK, extra agent arguments for its engine, and the engine its banner must name. */
    static Stream<Arguments> runtimes() {
        return Runtimes.everyEngine();
    }

    private static ForkedJvm jdbcApp(int feature, boolean preferIpv6) throws Exception {
        ForkedJvm jvm = ForkedJvm.on(postgres.launcher(Jdks.require(feature), namespace, zone))
                .classPath(Paths.get(System.getProperty("dnspatch.test.pgjdbc")))
                .env("DB_USER", Postgres.USER)
                .env("DB_PASSWORD", postgres.password());
        return preferIpv6 ? jvm.jvmOption("-Djava.net.preferIPv6Addresses=true") : jvm;
    }

    private static String url(String host) {
        return "jdbc:postgresql://" + host + ":" + Postgres.PORT + "/postgres?connectTimeout=5";
    }

    private static void report(String scenario, ForkedJvm.Result without, ForkedJvm.Result with) {
        System.out.println("[auto] " + scenario + ": without the agent " + firstLine(without) + "; with "
                + AUTO + " " + firstLine(with) + " " + with.stderrLines());
    }

    @ParameterizedTest(name = "JDK {0}{1}")
    @MethodSource("runtimes")
    void withNoIpv6RouteItDropsTheAaaaAndTheAppConnects(int feature, String engine, String banner) throws Exception {
        ForkedJvm.Result without = jdbcApp(feature, true).run(JDBC_APP, url("db.example.test"));
        ForkedJvm.Result with = jdbcApp(feature, true).withAgent(AUTO + engine).run(JDBC_APP, url("db.example.test"));
        report("db.example.test (2001:db8::1, 127.0.0.1), JDK " + feature + engine, without, with);

        assertEquals(1, without.exitCode, without.toString());
        assertTrue(firstLine(without).contains("Network is unreachable"), without.toString());
        assertEquals(0, with.exitCode, with.toString());
        assertEquals("ok SELECT 1 = 1, server 127.0.0.1, row 1 read back", firstLine(with), with.toString());
        List<String> lines = with.stderrLines();
        assertTrue(lines.get(0).contains(": " + banner + ", mode=auto, hosts=*"), with.toString());
        assertEquals("[dnspatch] db.example.test: using 127.0.0.1, dropped 2001:db8::1 (no route)", lines.get(1));
        assertEquals(2, lines.size(), with.toString());
    }

    @ParameterizedTest(name = "JDK {0}{1}")
    @MethodSource("runtimes")
    void withAnIpv6RouteItKeepsIpv6(int feature, String engine, String banner) throws Exception {
        ForkedJvm.Result without = jdbcApp(feature, true).run(JDBC_APP, url("local.example.test"));
        ForkedJvm.Result with = jdbcApp(feature, true).withAgent(AUTO + engine).run(JDBC_APP,
                url("local.example.test"));
        report("local.example.test (::1, 127.0.0.1), JDK " + feature + engine, without, with);

        assertEquals("ok SELECT 1 = 1, server ::1, row 1 read back", firstLine(without), without.toString());
        assertEquals("ok SELECT 1 = 1, server ::1, row 1 read back", firstLine(with), with.toString());
        // The banner only: nothing was changed, so there is no change line.
        assertEquals(1, with.stderrLines().size(), with.toString());
        assertTrue(with.stderrLines().get(0).contains(": " + banner + ", mode=auto"), with.toString());
    }

    /** The JVM's default order puts IPv4 first; auto drops the IPv4 address that has no route. */
    @ParameterizedTest(name = "JDK {0}{1}")
    @MethodSource("runtimes")
    void anIpv4AddressWithNoRouteIsDroppedToo(int feature, String engine, String banner) throws Exception {
        ForkedJvm.Result without = jdbcApp(feature, false).run(JDBC_APP, url("v4dead.example.test"));
        ForkedJvm.Result with = jdbcApp(feature, false).withAgent(AUTO + engine).run(JDBC_APP,
                url("v4dead.example.test"));
        report("v4dead.example.test (::1, 192.0.2.1), IPv4 first, JDK " + feature + engine, without, with);

        assertEquals(1, without.exitCode, without.toString());
        assertTrue(firstLine(without).contains("Network is unreachable"), without.toString());
        assertEquals("ok SELECT 1 = 1, server ::1, row 1 read back", firstLine(with), with.toString());
        assertEquals("[dnspatch] v4dead.example.test: using ::1, dropped 192.0.2.1 (no route)",
                with.stderrLines().get(1), with.toString());
    }

    /**
     * Nothing routable: the answer stays as it is, and the connect error is the app's own. Both
     * engines hand the policy the same answer (the cases above prove it), so one JVM suffices.
     */
    @Test
    void whenNothingIsRoutableTheAnswerIsKeptAndTheLineSaysSo() throws Exception {
        ForkedJvm.Result with = jdbcApp(25, true).withAgent(AUTO).run(JDBC_APP, url("nowhere.example.test"));
        System.out.println("[auto] nowhere.example.test (2001:db8::1, 192.0.2.1), JDK 25: " + firstLine(with) + " "
                + with.stderrLines());

        assertEquals(1, with.exitCode, with.toString());
        assertTrue(firstLine(with).contains("Network is unreachable"), with.toString());
        assertEquals("[dnspatch] nowhere.example.test: no route to 2001:db8::1, 192.0.2.1; kept the answer as it is,"
                + " so the connect error will say why", with.stderrLines().get(1), with.toString());
    }

    private static String firstLine(ForkedJvm.Result run) {
        return run.stdoutLines().isEmpty() ? "" : run.stdoutLines().get(0);
    }
}
