package dev.dnspatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dnspatch.it.apps.VertxPgApp;
import dev.dnspatch.it.support.AppJars;
import dev.dnspatch.it.support.DnsServer;
import dev.dnspatch.it.support.ForkedJvm;
import dev.dnspatch.it.support.Jdks;
import dev.dnspatch.it.support.Namespace;
import dev.dnspatch.it.support.Postgres;
import dev.dnspatch.it.support.PostgresNetwork;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reactive PostgreSQL clients, which resolve names with Netty's own DNS resolver, against a real
 * PostgreSQL, in a namespace where an interface carries an IPv6 address (so Netty asks for AAAA
 * records) but global IPv6 has no route, and the JVM prefers IPv6. Each runs without the agent
 * (the failure) and with it.
 */
class NettyPostgresTest {
    private static final String AGENT = "hosts=*.example.test";

    @TempDir
    static Path dir;
    private static Namespace namespace;
    private static Postgres postgres;
    private static DnsServer.Zone zone;

    @BeforeAll
    static void servers() throws Exception {
        PostgresNetwork network = PostgresNetwork.prepare(dir, "127.0.0.1,::1");
        namespace = network.namespace.withUlaAddress();
        postgres = network.postgres;
        zone = network.zone.aaaa("db.example.test", "2001:db8::1").a("db.example.test", "127.0.0.1");
    }

    /** Client, the JDK it runs on. */
    static Stream<Arguments> clients() {
        return Stream.of(Arguments.of("vertx4", 17));
    }

    @ParameterizedTest(name = "{0} on JDK {1}")
    @MethodSource("clients")
    void theOriginalBugThroughNetty(String client, int feature) throws Exception {
        ForkedJvm.Result without = app(client, feature).run(VertxPgApp.class.getName(), "db.example.test",
                String.valueOf(Postgres.PORT));
        ForkedJvm.Result with = app(client, feature).withAgent(AGENT).run(VertxPgApp.class.getName(),
                "db.example.test", String.valueOf(Postgres.PORT));
        System.out.println("[netty] " + client + " on JDK " + feature + ": without the agent " + firstLine(without)
                + "; with it " + firstLine(with) + " " + with.stderrLines());

        assertEquals(1, without.exitCode, without.toString());
        assertTrue(firstLine(without).contains("Network is unreachable"), without.toString());
        assertEquals(0, with.exitCode, with.toString());
        assertEquals("ok SELECT 1 = 1, server 127.0.0.1", firstLine(with), with.toString());
        List<String> lines = with.stderrLines();
        assertTrue(lines.get(0).endsWith(", hosts=*.example.test, netty=on"), with.toString());
        assertEquals("[dnspatch] db.example.test: using 127.0.0.1 (asked DNS for IPv4 only)", lines.get(1),
                with.toString());
        assertEquals(2, lines.size(), with.toString());
        assertFalse(with.toString().contains(postgres.password()), "the password was printed");
    }

    private static ForkedJvm app(String client, int feature) throws Exception {
        return ForkedJvm.on(postgres.launcher(Jdks.require(feature), namespace, zone))
                .jvmOption("-Djava.net.preferIPv6Addresses=true")
                .classPath(AppJars.sets(client, client.equals("vertx5") ? "netty42" : "netty41"))
                .env("DB_USER", Postgres.USER)
                .env("DB_PASSWORD", postgres.password());
    }

    private static String firstLine(ForkedJvm.Result run) {
        return run.stdoutLines().isEmpty() ? "" : run.stdoutLines().get(0);
    }
}
