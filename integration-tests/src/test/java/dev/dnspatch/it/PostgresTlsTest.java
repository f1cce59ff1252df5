package dev.dnspatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dnspatch.it.apps.ContainerApp;
import dev.dnspatch.it.apps.JdbcApp;
import dev.dnspatch.it.support.DnsServer;
import dev.dnspatch.it.support.ForkedJvm;
import dev.dnspatch.it.support.Jdks;
import dev.dnspatch.it.support.Namespace;
import dev.dnspatch.it.support.Postgres;
import dev.dnspatch.it.support.PostgresNetwork;
import dev.dnspatch.it.support.Runtimes;
import dev.dnspatch.it.support.TestCa;
import dev.dnspatch.it.support.TestJars;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Scenario 3, TLS is kept: PostgreSQL serves a certificate for {@code db.example.test} signed by a
 * CA made for this run, and pgjdbc checks it with {@code sslmode=verify-full}. The app still
 * connects by name, so the check still holds: a certificate for another name is refused, with the
 * agent as without it. As in scenario 1, db.example.test has an AAAA and an A record, the JVM
 * prefers IPv6, and only loopback is reachable.
 */
class PostgresTlsTest {
    private static final String HOST = "db.example.test";
    private static final String HOSTNAME_REFUSED = "The hostname " + HOST
            + " could not be verified by hostnameverifier PgjdbcHostnameVerifier.";

    @TempDir
    static Path dir;
    private static Namespace namespace;
    private static Postgres postgres;
    private static DnsServer.Zone zone;
    private static TestCa ca;
    private static TestCa.ServerCertificate serverCertificate;
    private static TestCa.ServerCertificate otherNameCertificate;
    private static String url;

    @BeforeAll
    static void servers() throws Exception {
        PostgresNetwork network = PostgresNetwork.prepare(dir, "127.0.0.1");
        namespace = network.namespace;
        postgres = network.postgres;
        zone = network.zone;
        zone.aaaa(HOST, "2001:db8::1").a(HOST, "127.0.0.1");
        long start = System.nanoTime();
        ca = TestCa.make(dir.resolve("ca"));
        serverCertificate = ca.sign(HOST);
        otherNameCertificate = ca.sign("other.example.test");
        System.out.println("[scenario 3] test CA and two server certificates made with keytool in "
                + (System.nanoTime() - start) / 1_000_000 + " ms");
        url = "jdbc:postgresql://" + HOST + ":" + Postgres.PORT + "/postgres?connectTimeout=5&sslmode=verify-full"
                + "&sslrootcert=" + ca.certificate();
    }

    /** JDK, agent arguments for its engine, and the engine its banner must name. */
    static Stream<Arguments> runtimes() {
        return Runtimes.everyEngine();
    }

    /**
     * The java of this JDK, in a namespace where PostgreSQL serves this certificate over TLS. The
     * key file belongs to the user running the tests, whom the server's nested user namespace maps
     * to the server's own user, so mode 0600 is all PostgreSQL asks for.
     */
    private static Path java(int feature, TestCa.ServerCertificate served) throws Exception {
        postgres.config("ssl", "on")
                .config("ssl_cert_file", served.certificate.toString())
                .config("ssl_key_file", served.key.toString());
        return postgres.launcher(Jdks.require(feature), namespace, zone);
    }

    private static ForkedJvm jdbcApp(int feature, TestCa.ServerCertificate served) throws Exception {
        return ForkedJvm.on(java(feature, served))
                .jvmOption("-Djava.net.preferIPv6Addresses=true")
                .classPath(Paths.get(System.getProperty("dnspatch.test.pgjdbc")))
                .env("DB_USER", Postgres.USER)
                .env("DB_PASSWORD", postgres.password());
    }

    @ParameterizedTest(name = "JDK {0}{1}")
    @MethodSource("runtimes")
    void verifyFullConnectsThroughTheAgent(int feature, String engine, String banner) throws Exception {
        ForkedJvm.Result without = jdbcApp(feature, serverCertificate).run(JdbcApp.class.getName(), url);
        ForkedJvm.Result with = jdbcApp(feature, serverCertificate).withAgent("hosts=*.example.test" + engine)
                .run(JdbcApp.class.getName(), url);
        System.out.println("[scenario 3] JDK " + feature + engine + ", sslmode=verify-full: without the agent "
                + firstLine(without) + "; with it " + firstLine(with));

        assertEquals(1, without.exitCode, without.toString());
        assertTrue(firstLine(without).startsWith("failed org.postgresql.util.PSQLException: "), without.toString());
        assertTrue(firstLine(without).contains("caused by " + Runtimes.networkUnreachable(feature)),
                without.toString());
        assertEquals(List.of(), without.stderrLines(), without.toString());

        assertEquals(0, with.exitCode, with.toString());
        // The server saw TLS 1.3 (pg_stat_ssl), after pgjdbc verified the certificate's name.
        assertEquals("ok SELECT 1 = 1, server 127.0.0.1, row 1 read back, over TLSv1.3", firstLine(with),
                with.toString());
        assertTrue(with.stderrLines().get(0).contains(": " + banner), with.toString());
        assertTrue(with.stderrLines().get(1).startsWith("[dnspatch] " + HOST + ": using 127.0.0.1"), with.toString());
        assertEquals(2, with.stderrLines().size(), with.toString());
        assertNoPassword(without, with);
    }

    /** The check is real: the agent changes which address is used, never which name is verified. */
    @ParameterizedTest(name = "JDK {0}{1}")
    @MethodSource("runtimes")
    void aCertificateForAnotherNameIsRefused(int feature, String engine, String banner) throws Exception {
        ForkedJvm.Result with = jdbcApp(feature, otherNameCertificate).withAgent("hosts=*.example.test" + engine)
                .run(JdbcApp.class.getName(), url);
        System.out.println("[scenario 3] JDK " + feature + engine + ", server certificate for "
                + otherNameCertificate.dnsName + ": with the agent " + firstLine(with));

        assertEquals(1, with.exitCode, with.toString());
        assertTrue(firstLine(with).startsWith("failed org.postgresql.util.PSQLException: " + HOSTNAME_REFUSED),
                with.toString());
        assertTrue(with.stderrLines().get(0).contains(": " + banner), with.toString());
        // The agent did its part: the connection reached the server over IPv4, and TLS refused it there.
        assertTrue(with.stderrLines().get(1).startsWith("[dnspatch] " + HOST + ": using 127.0.0.1"), with.toString());
        assertNoPassword(with);
    }

    /**
     * App (c): {@code java -jar app.jar}, configured only by its environment, the agent added by
     * {@code JAVA_TOOL_OPTIONS} as a Dockerfile's {@code ENV} line does. The server confirms the
     * connection is TLS.
     */
    @ParameterizedTest(name = "JDK {0}{1}")
    @MethodSource("runtimes")
    void aContainerAppGetsTheAgentFromJavaToolOptions(int feature, String engine, String banner) throws Exception {
        Path app = TestJars.application(dir.resolve("container-app"), ContainerApp.class,
                Paths.get(System.getProperty("dnspatch.test.pgjdbc")));
        String toolOptions = "-Djava.net.preferIPv6Addresses=true";
        String toolOptionsWithAgent = toolOptions + " -javaagent:" + ForkedJvm.agentJar() + "=hosts=*.example.test"
                + engine;

        ForkedJvm.Result without = containerApp(feature, toolOptions).runJar(app);
        ForkedJvm.Result with = containerApp(feature, toolOptionsWithAgent).runJar(app);
        System.out.println("[scenario 3] JDK " + feature + engine + ", java -jar app.jar with JAVA_TOOL_OPTIONS:"
                + " without the agent " + firstLine(without) + "; with it " + firstLine(with));

        assertEquals(1, without.exitCode, without.toString());
        assertTrue(firstLine(without).contains("caused by " + Runtimes.networkUnreachable(feature)),
                without.toString());
        // The JVM announces the variable it read, on stderr, before anything else runs.
        assertEquals(List.of("Picked up JAVA_TOOL_OPTIONS: " + toolOptions), without.stderrLines(),
                without.toString());

        assertEquals(0, with.exitCode, with.toString());
        assertEquals("ok server 127.0.0.1, ssl true TLSv1.3", firstLine(with), with.toString());
        assertEquals("Picked up JAVA_TOOL_OPTIONS: " + toolOptionsWithAgent, with.stderrLines().get(0),
                with.toString());
        assertTrue(with.stderrLines().get(1).contains(": " + banner), with.toString());
        assertTrue(with.stderrLines().get(2).startsWith("[dnspatch] " + HOST + ": using 127.0.0.1"), with.toString());
        assertEquals(3, with.stderrLines().size(), with.toString());
        assertNoPassword(without, with);
    }

    private static ForkedJvm containerApp(int feature, String toolOptions) throws Exception {
        return ForkedJvm.on(java(feature, serverCertificate))
                .env("JAVA_TOOL_OPTIONS", toolOptions)
                .env("DATABASE_URL", url)
                .env("DB_USER", Postgres.USER)
                .env("DB_PASSWORD", postgres.password());
    }

    private static void assertNoPassword(ForkedJvm.Result... runs) {
        for (ForkedJvm.Result run : runs) {
            assertFalse(run.toString().contains(postgres.password()), "the password was printed");
        }
    }

    private static String firstLine(ForkedJvm.Result run) {
        return run.stdoutLines().isEmpty() ? "" : run.stdoutLines().get(0);
    }
}
