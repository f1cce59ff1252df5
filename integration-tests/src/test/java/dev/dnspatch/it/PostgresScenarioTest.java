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
import dev.dnspatch.it.support.PostgresNetwork;
import dev.dnspatch.it.support.Runtimes;
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
 * Unmodified JDBC apps against a real PostgreSQL, in a namespace with only loopback (and, for the
 * silent variant, an IPv6 route into nowhere), where names resolve through glibc and a real DNS
 * server. Each scenario runs the app without the agent and
 * asserts the failure, then with it and asserts the fix.
 */
class PostgresScenarioTest {
    private static final String JDBC_APP = JdbcApp.class.getName();
    private static final String AGENT = "hosts=*.example.test";
    /** pgjdbc's connectTimeout, in seconds: a connect that hangs ends after it. */
    private static final int CONNECT_TIMEOUT = 3;

    @TempDir
    static Path dir;
    private static Namespace namespace;
    private static Postgres postgres;
    private static DnsServer.Zone zone;

    @BeforeAll
    static void servers() throws Exception {
        // Both loopback families, so that a host answered with ::1 is reached over IPv6.
        PostgresNetwork network = PostgresNetwork.prepare(dir, "127.0.0.1,::1");
        namespace = network.namespace;
        postgres = network.postgres;
        zone = network.zone;
    }

    /** JDK, agent arguments for its engine, and the engine its banner must name. */
    static Stream<Arguments> runtimes() {
        return Runtimes.everyEngine();
    }

    /**
     * Scenario 1, the original bug: db.example.test has an AAAA and an A record, the JVM prefers
     * IPv6, and the IPv6 network is unreachable.
     */
    @ParameterizedTest(name = "JDK {0}{1}")
    @MethodSource("runtimes")
    void theOriginalBug(int feature, String engine, String banner) throws Exception {
        zone.aaaa("db.example.test", "2001:db8::1").a("db.example.test", "127.0.0.1");

        Runs runs = runWithoutAndWith(1, feature, engine, banner, namespace, "db.example.test");

        assertFailedWith(runs.without, Runtimes.networkUnreachable(feature));
        assertConnectedOverIpv4(runs.with, "db.example.test");
        // glibc asked the DNS server, over the wire, for both families.
        String queries = Files.readString(postgres.dnsLog());
        assertTrue(queries.contains("db.example.test. AAAA -> NOERROR 2001:db8:"), queries);
        assertTrue(queries.contains("db.example.test. A -> NOERROR 127.0.0.1"), queries);
    }

    /**
     * Scenario 2, the silent variant: the same answer, but IPv6 packets vanish, so without the
     * agent the connect hangs until pgjdbc's connectTimeout.
     */
    @ParameterizedTest(name = "JDK {0}{1}")
    @MethodSource("runtimes")
    void silentIpv6Timeouts(int feature, String engine, String banner) throws Exception {
        Namespace silent = namespace.withSilentIpv6Route();
        zone.aaaa("db.example.test", "2001:db8::1").a("db.example.test", "127.0.0.1");

        Runs runs = runWithoutAndWith(2, feature, engine, banner, silent, "db.example.test");

        assertFailedWith(runs.without, Runtimes.connectTimedOut(feature));
        // It waited for the timeout: the packets were swallowed, not refused.
        assertTrue(took(runs.without) >= CONNECT_TIMEOUT * 900L, runs.without.toString());
        assertConnectedOverIpv4(runs.with, "db.example.test");
    }

    /**
     * Scenario 4, a host with no IPv4 address, as many managed databases' direct host names: with
     * the agent the user learns why at once, in one line, instead of from a timeout.
     */
    @ParameterizedTest(name = "JDK {0}{1}")
    @MethodSource("runtimes")
    void aHostWithoutIpv4(int feature, String engine, String banner) throws Exception {
        zone.aaaa("v6only.example.test", "2001:db8::4");

        Runs runs = runWithoutAndWith(4, feature, engine, banner, namespace, "v6only.example.test");

        assertFailedWith(runs.without, Runtimes.networkUnreachable(feature));
        // pgjdbc resolves with new InetSocketAddress(host, port), which keeps only the host name of
        // the lookup's exception; the agent's warning carries the explanation.
        assertFailedWith(runs.with, "java.net.UnknownHostException: v6only.example.test");
        assertEquals("[dnspatch] warning: v6only.example.test: no IPv4 address, only 2001:db8::4; dnspatch"
                + " mode=ipv4-only removed it. Use an IPv4 endpoint for this host (for example the provider's"
                + " connection pooler) or give this machine IPv6 connectivity", runs.with.stderrLines().get(1),
                runs.with.toString());
        assertEquals(2, runs.with.stderrLines().size(), runs.with.toString());
        // Failed at the lookup, long before a connect would have timed out.
        assertTrue(took(runs.with) < CONNECT_TIMEOUT * 1000L, runs.with.toString());
    }

    /**
     * Scenario 6, other hosts are untouched: a host outside the patterns keeps its IPv6-first
     * answer, as the address the server saw the app connect to shows.
     */
    @ParameterizedTest(name = "JDK {0}{1}")
    @MethodSource("runtimes")
    void otherHostsAreUntouched(int feature, String engine, String banner) throws Exception {
        zone.aaaa("other.example.org", "::1").a("other.example.org", "127.0.0.1");

        Runs runs = runWithoutAndWith(6, feature, engine, banner, namespace, "other.example.org");

        assertEquals("ok SELECT 1 = 1, server ::1, row 1 read back", firstLine(runs.without), runs.without.toString());
        assertEquals("ok SELECT 1 = 1, server ::1, row 1 read back", firstLine(runs.with), runs.with.toString());
        // The banner alone: no line about a changed answer.
        assertEquals(1, runs.with.stderrLines().size(), runs.with.toString());
        assertFalse(runs.with.stderr.contains("other.example.org"), runs.with.toString());
    }

    /** The app's runs without the agent and with it. */
    private record Runs(ForkedJvm.Result without, ForkedJvm.Result with) {
    }

    /**
     * Runs the app against {@code host} without the agent, then with {@value #AGENT} and this
     * engine; prints one "[scenario N]" line with both outcomes and times, and checks what holds
     * for every run: the password is never printed, nothing but the agent writes to stderr, and
     * the agent's banner names the engine.
     */
    private static Runs runWithoutAndWith(int scenario, int feature, String engine, String banner,
            Namespace network, String host) throws Exception {
        String url = "jdbc:postgresql://" + host + ":" + Postgres.PORT + "/postgres?connectTimeout=" + CONNECT_TIMEOUT;
        long start = System.nanoTime();
        ForkedJvm.Result without = jdbcApp(feature, network).run(JDBC_APP, url);
        long withoutMillis = (System.nanoTime() - start) / 1_000_000;
        start = System.nanoTime();
        ForkedJvm.Result with = jdbcApp(feature, network).withAgent(AGENT + engine).run(JDBC_APP, url);
        long withMillis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("[scenario " + scenario + "] JDK " + feature + engine + ": without the agent "
                + firstLine(without) + " (took " + took(without) + " ms) in a " + withoutMillis + " ms run; with it "
                + firstLine(with) + " (took " + took(with) + " ms) in a " + withMillis + " ms run");

        assertFalse(without.toString().contains(postgres.password()), "the password was printed");
        assertFalse(with.toString().contains(postgres.password()), "the password was printed");
        assertEquals(List.of(), without.stderrLines(), without.toString());
        assertTrue(!with.stderrLines().isEmpty() && with.stderrLines().get(0).contains(": " + banner),
                with.toString());
        return new Runs(without, with);
    }

    private static ForkedJvm jdbcApp(int feature, Namespace network) throws Exception {
        return ForkedJvm.on(postgres.launcher(Jdks.require(feature), network, zone))
                .jvmOption("-Djava.net.preferIPv6Addresses=true")
                .classPath(Paths.get(System.getProperty("dnspatch.test.pgjdbc")))
                .env("DB_USER", Postgres.USER)
                .env("DB_PASSWORD", postgres.password());
    }

    private static void assertFailedWith(ForkedJvm.Result run, String cause) {
        assertEquals(1, run.exitCode, run.toString());
        assertTrue(firstLine(run).startsWith("failed org.postgresql.util.PSQLException: "), run.toString());
        assertTrue(firstLine(run).contains("caused by " + cause), run.toString());
    }

    /** Connected to 127.0.0.1, wrote and read a row, and the agent logged the one change it made. */
    private static void assertConnectedOverIpv4(ForkedJvm.Result run, String host) {
        assertEquals(0, run.exitCode, run.toString());
        assertEquals("ok SELECT 1 = 1, server 127.0.0.1, row 1 read back", firstLine(run), run.toString());
        // "dropped 2001:db8::1", or "asked DNS for IPv4 only" where the resolver provider can.
        assertTrue(run.stderrLines().get(1).startsWith("[dnspatch] " + host + ": using 127.0.0.1"), run.toString());
        assertEquals(2, run.stderrLines().size(), run.toString());
    }

    private static String firstLine(ForkedJvm.Result run) {
        return run.stdoutLines().isEmpty() ? "" : run.stdoutLines().get(0);
    }

    /** The app's own "took N ms": from the start of its connect to its result. */
    private static long took(ForkedJvm.Result run) {
        List<String> lines = run.stdoutLines();
        String line = lines.size() < 2 ? "" : lines.get(1);
        assertTrue(line.matches("took \\d+ ms"), run.toString());
        return Long.parseLong(line.replaceAll("\\D", ""));
    }
}
