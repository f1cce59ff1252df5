package dev.dnspatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dnspatch.it.apps.JdbcApp;
import dev.dnspatch.it.support.DnsServer;
import dev.dnspatch.it.support.ForkedJvm;
import dev.dnspatch.it.support.Jdks;
import dev.dnspatch.it.support.Namespace;
import dev.dnspatch.it.support.Postgres;
import java.nio.file.Files;
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
 * Unmodified JDBC apps against a real PostgreSQL, in a namespace with only loopback, where names
 * resolve through glibc and a real DNS server. Each scenario runs the app without the agent and
 * asserts the failure, then with it and asserts the fix.
 */
class PostgresScenarioTest {
    private static final String JDBC_APP = JdbcApp.class.getName();
    private static final String URL =
            "jdbc:postgresql://db.example.test:" + Postgres.PORT + "/postgres?connectTimeout=5";

    @TempDir
    static Path dir;
    private static Namespace namespace;
    private static Postgres postgres;
    private static DnsServer.Zone zone;

    @BeforeAll
    static void servers() throws Exception {
        Namespace.assumeAvailable();
        // No host lines: db.example.test comes from the DNS server only.
        namespace = Namespace.withHosts(dir);
        long start = System.nanoTime();
        postgres = Postgres.prepare(dir);
        System.out.println("[scenario] PostgreSQL binaries unpacked and template cluster made in "
                + (System.nanoTime() - start) / 1_000_000 + " ms");
        zone = DnsServer.Zone.at(dir.resolve("zone"));
    }

    /** JDK, agent arguments for its engine, and the engine its banner must name. */
    static Stream<Arguments> runtimes() {
        return Stream.of(
                Arguments.of(25, "", "engine=spi"),
                Arguments.of(25, ",engine=instrument", "engine=instrument"),
                Arguments.of(17, "", "engine=instrument"));
    }

    private static ForkedJvm jdbcApp(int feature) throws Exception {
        return ForkedJvm.on(postgres.launcher(Jdks.require(feature), namespace, zone))
                .jvmOption("-Djava.net.preferIPv6Addresses=true")
                .classPath(Paths.get(System.getProperty("dnspatch.test.pgjdbc")))
                .env("DB_USER", Postgres.USER)
                .env("DB_PASSWORD", postgres.password());
    }

    /**
     * Scenario 1, the original bug: db.example.test has an AAAA and an A record, the JVM prefers
     * IPv6, and the IPv6 network is unreachable.
     */
    @ParameterizedTest(name = "JDK {0}{1}")
    @MethodSource("runtimes")
    void theOriginalBug(int feature, String engine, String banner) throws Exception {
        zone.aaaa("db.example.test", "2001:db8::1").a("db.example.test", "127.0.0.1");

        long start = System.nanoTime();
        ForkedJvm.Result without = jdbcApp(feature).run(JDBC_APP, URL);
        long withoutMillis = (System.nanoTime() - start) / 1_000_000;
        start = System.nanoTime();
        ForkedJvm.Result with = jdbcApp(feature).withAgent("hosts=*.example.test" + engine).run(JDBC_APP, URL);
        long withMillis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("[scenario 1] JDK " + feature + engine + ": without the agent " + firstLine(without)
                + " (" + tookLine(without) + ") in a " + withoutMillis + " ms run; with it "
                + firstLine(with) + " (" + tookLine(with) + ") in a " + withMillis + " ms run");

        assertEquals(1, without.exitCode, without.toString());
        assertTrue(firstLine(without).startsWith("failed org.postgresql.util.PSQLException: "), without.toString());
        assertTrue(firstLine(without).contains("caused by java.net.SocketException: Network is unreachable"),
                without.toString());
        assertEquals(List.of(), without.stderrLines(), without.toString());

        assertEquals(0, with.exitCode, with.toString());
        assertEquals("ok SELECT 1 = 1, server 127.0.0.1, row 1 read back", firstLine(with), with.toString());
        assertTrue(with.stderrLines().get(0).contains(": " + banner), with.toString());
        // "dropped 2001:db8::1", or "asked DNS for IPv4 only" where the resolver provider can.
        assertTrue(with.stderrLines().get(1).startsWith("[dnspatch] db.example.test: using 127.0.0.1"),
                with.toString());
        assertEquals(2, with.stderrLines().size(), with.toString());

        assertFalse(without.toString().contains(postgres.password()), "the password was printed");
        assertFalse(with.toString().contains(postgres.password()), "the password was printed");
        // glibc asked the DNS server, over the wire, for both families.
        String queries = Files.readString(postgres.dnsLog());
        assertTrue(queries.contains("db.example.test. AAAA -> NOERROR 2001:db8:"), queries);
        assertTrue(queries.contains("db.example.test. A -> NOERROR 127.0.0.1"), queries);
    }

    private static String firstLine(ForkedJvm.Result run) {
        return run.stdoutLines().isEmpty() ? "" : run.stdoutLines().get(0);
    }

    private static String tookLine(ForkedJvm.Result run) {
        return run.stdoutLines().size() < 2 ? "?" : run.stdoutLines().get(1);
    }
}
