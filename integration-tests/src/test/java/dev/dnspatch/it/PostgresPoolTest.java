package dev.dnspatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dnspatch.it.apps.PoolApp;
import dev.dnspatch.it.support.AppJars;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Scenario 5, DNS changes are followed: a HikariCP pool app runs with a one-second JVM DNS cache
 * ({@code networkaddress.cache.ttl=1} in a security properties file) while the DNS server moves
 * the A record of db.example.test from 127.0.0.1 to 127.0.0.2, where the same PostgreSQL also
 * listens. The pool's new connections must follow: dnspatch filters each fresh answer and leaves
 * the JVM's cache and its TTL alone. The AAAA record stays, so without the agent the pool cannot
 * start at all.
 */
class PostgresPoolTest {
    private static final String HOST = "db.example.test";
    private static final String URL =
            "jdbc:postgresql://" + HOST + ":" + Postgres.PORT + "/postgres?connectTimeout=5";

    @TempDir
    static Path dir;
    private static Namespace namespace;
    private static Postgres postgres;
    private static DnsServer.Zone zone;
    private static Path securityProperties;
    private static ExecutorService background;

    @BeforeAll
    static void servers() throws Exception {
        // Loopback is 127.0.0.0/8 in the namespace: the second address needs no set-up.
        PostgresNetwork network = PostgresNetwork.prepare(dir, "127.0.0.1,127.0.0.2");
        namespace = network.namespace;
        postgres = network.postgres;
        zone = network.zone;
        securityProperties = dir.resolve("dns-cache.security");
        Files.write(securityProperties, List.of("networkaddress.cache.ttl=1", "networkaddress.cache.negative.ttl=0"));
        background = Executors.newSingleThreadExecutor();
    }

    @AfterAll
    static void stop() {
        if (background != null) {
            background.shutdownNow();
        }
    }

    /** JDK, agent arguments for its engine, and the engine its banner must name. */
    static Stream<Arguments> runtimes() {
        return Runtimes.everyEngine();
    }

    private static ForkedJvm poolApp(int feature) throws Exception {
        return ForkedJvm.on(postgres.launcher(Jdks.require(feature), namespace, zone))
                .jvmOption("-Djava.net.preferIPv6Addresses=true")
                .jvmOption("-Djava.security.properties=" + securityProperties)
                .classPath(Paths.get(System.getProperty("dnspatch.test.pgjdbc")))
                .classPath(AppJars.hikariCp(feature))
                .classPath(Paths.get(System.getProperty("dnspatch.test.slf4j")))
                .classPath(Paths.get(System.getProperty("dnspatch.test.slf4j-simple")))
                .env("DB_USER", Postgres.USER)
                .env("DB_PASSWORD", postgres.password());
    }

    @ParameterizedTest(name = "JDK {0}{1}")
    @MethodSource("runtimes")
    void newConnectionsFollowTheARecord(int feature, String engine, String banner) throws Exception {
        ForkedJvm.Result without = runMovingTheARecord(poolApp(feature));
        ForkedJvm.Result with = runMovingTheARecord(poolApp(feature).withAgent("hosts=*.example.test" + engine));
        System.out.println("[scenario 5] JDK " + feature + engine + ": without the agent " + String.join(" | ",
                without.stdoutLines()) + "; with it " + String.join(" | ", with.stdoutLines()));

        assertEquals(1, without.exitCode, without.toString());
        assertTrue(firstLine(without).startsWith(
                "failed com.zaxxer.hikari.pool.HikariPool$PoolInitializationException: Failed to initialize pool"),
                without.toString());
        assertTrue(firstLine(without).contains("caused by " + Runtimes.networkUnreachable(feature)),
                without.toString());

        assertEquals(0, with.exitCode, with.toString());
        List<String> connections = with.stdoutLines();
        assertTrue(connections.size() >= 2, with.toString());
        for (int i = 0; i < connections.size() - 1; i++) {
            assertEquals("connection " + (i + 1) + ": server 127.0.0.1", connections.get(i), with.toString());
        }
        assertEquals("connection " + connections.size() + ": server 127.0.0.2",
                connections.get(connections.size() - 1), with.toString());

        List<String> dnspatch = with.stderrLines().stream().filter(line -> line.startsWith("[dnspatch]"))
                .collect(Collectors.toList());
        assertTrue(dnspatch.get(0).contains(": " + banner), with.toString());
        // The answer is reported once per host; later lookups are filtered just the same.
        assertTrue(dnspatch.get(1).startsWith("[dnspatch] " + HOST + ": using 127.0.0.1"), with.toString());
        assertEquals(2, dnspatch.size(), with.toString());
        // The app's own SLF4J Simple logging goes on beside the agent's.
        assertTrue(with.stderr.contains("com.zaxxer.hikari.HikariDataSource - HikariPool-1 - Start completed."),
                with.toString());

        assertFalse(without.toString().contains(postgres.password()), "the password was printed");
        assertFalse(with.toString().contains(postgres.password()), "the password was printed");
        String queries = Files.readString(postgres.dnsLog());
        assertTrue(queries.contains(HOST + ". A -> NOERROR 127.0.0.2"), queries);
    }

    /**
     * Runs the app with the A record at 127.0.0.1; once it has its first connection, moves the
     * record to 127.0.0.2 and tells the app. An app that fails before connecting is not waited for.
     */
    private static ForkedJvm.Result runMovingTheARecord(ForkedJvm app) throws Exception {
        zone.aaaa(HOST, "2001:db8::1").a(HOST, "127.0.0.1");
        Path signals = Files.createTempDirectory(dir, "signals");
        Future<ForkedJvm.Result> run = background.submit(() -> app.run(PoolApp.class.getName(), URL,
                signals.toString()));
        // Bounded by the forked JVM's own timeout, after which the run completes with an error.
        while (!run.isDone() && !Files.exists(signals.resolve("connected"))) {
            Thread.sleep(50);
        }
        if (!run.isDone()) {
            zone.a(HOST, "127.0.0.2");
            Files.createFile(signals.resolve("dns-changed"));
        }
        return run.get();
    }

    private static String firstLine(ForkedJvm.Result run) {
        return run.stdoutLines().isEmpty() ? "" : run.stdoutLines().get(0);
    }
}
