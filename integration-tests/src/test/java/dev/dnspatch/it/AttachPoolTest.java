package dev.dnspatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dnspatch.it.apps.RetryingPoolApp;
import dev.dnspatch.it.support.AppJars;
import dev.dnspatch.it.support.DnsServer;
import dev.dnspatch.it.support.ForkedJvm;
import dev.dnspatch.it.support.Jdks;
import dev.dnspatch.it.support.Namespace;
import dev.dnspatch.it.support.Postgres;
import dev.dnspatch.it.support.PostgresNetwork;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The case {@code attach} is for: a service whose HikariCP pool cannot reach its PostgreSQL,
 * because DNS gives {@code db.example.test} an unreachable IPv6 address first, keeps failing with
 * {@code Network is unreachable}; an operator attaches dnspatch, and the same pool, in the same JVM,
 * connects over IPv4 (pgjdbc resolves the name again for each try, and the JDK's cached answer
 * was dropped). Real PostgreSQL and a real DNS server, in a namespace with only loopback; the
 * command runs outside it and attaches by the JVM's PID. HikariCP 7 needs Java 11, so JDK 8 runs
 * HikariCP 4.0.3; and JDK 8's own attach client cannot reach a JVM in another PID namespace, so
 * the command runs on JDK 17 there.
 */
class AttachPoolTest {
    private static final String HOST = "db.example.test";
    private static final String URL =
            "jdbc:postgresql://" + HOST + ":" + Postgres.PORT + "/postgres?connectTimeout=5";

    @TempDir
    static Path dir;
    private static Namespace namespace;
    private static Postgres postgres;
    private static DnsServer.Zone zone;

    @BeforeAll
    static void servers() throws Exception {
        PostgresNetwork network = PostgresNetwork.prepare(dir, "127.0.0.1");
        namespace = network.namespace;
        postgres = network.postgres;
        zone = network.zone;
        zone.aaaa(HOST, "2001:db8::1").a(HOST, "127.0.0.1");
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {8, 11, 17, 21, 25})
    void aFailingPoolConnectsAfterTheAttachWithNoRestart(int feature) throws Exception {
        Path java = Jdks.require(feature);
        Path command = feature >= 9 ? java : Jdks.require(17);
        ForkedJvm jvm = ForkedJvm.on(postgres.launcher(java, namespace, zone))
                .jvmOption("-Djava.net.preferIPv6Addresses=true")
                .classPath(Paths.get(System.getProperty("dnspatch.test.pgjdbc")))
                .env("DB_USER", Postgres.USER)
                .env("DB_PASSWORD", postgres.password());
        if (feature >= 11) {
            jvm.classPath(AppJars.fromProperty("dnspatch.test.hikaricp")).classPath(AppJars.fromProperty("dnspatch.test.slf4j"))
                    .classPath(AppJars.fromProperty("dnspatch.test.slf4j-simple"));
        } else {
            jvm.classPath(AppJars.get("hikaricp-java8")).classPath(AppJars.get("slf4j17-api"))
                    .classPath(AppJars.get("slf4j17-simple"));
        }
        long started = System.currentTimeMillis();
        try (ForkedJvm.Running app = jvm.timeout(120).start(RetryingPoolApp.class.getName(), URL, "90000")) {
            String pid = app.awaitLine(line -> line.startsWith("pid: "), 60_000).substring("pid: ".length());
            // Without dnspatch: the pool keeps failing, and says why.
            String failure = app.awaitLine(line -> line.startsWith("failed "), 60_000);
            assertTrue(failure.contains("Network is unreachable"), failure + "\n" + app);

            ForkedJvm.Result attach = ForkedJvm.on(command).runJar("attach", pid, "hosts=*.example.test");

            assertEquals(0, attach.exitCode, attach + "\n" + app);
            assertTrue(attach.stdoutLines().get(0).endsWith(" is patched:"), attach.toString());
            assertEquals("  dropped 1 cached answer: " + HOST, attach.stdoutLines().get(2), attach.toString());
            ForkedJvm.Result run = app.await();
            long connected = System.currentTimeMillis();
            List<String> lines = run.stdoutLines();
            // The JDK cached its answer at the first try, after the start: had the attach not dropped
            // it, every try until it expired (30 s, the default) would have failed.
            assertTrue(connected - started < 30_000, "connected only " + (connected - started) + " ms after the start");
            assertEquals(0, run.exitCode, run.toString());
            assertEquals("connected: server 127.0.0.1", lines.get(lines.size() - 1), run.toString());
            assertTrue(run.stderr.contains("[dnspatch] " + HOST + ": using 127.0.0.1, dropped 2001:db8::1"),
                    run.toString());
            assertFalse(run.toString().contains(postgres.password()), "the password was printed");
            assertFalse(attach.toString().contains(postgres.password()), "the password was printed");
            System.out.println("[attach pool] JDK " + feature + ": " + lines.stream().filter(l -> l.startsWith("failed"))
                    .count() + " failed tries, then " + lines.get(lines.size() - 1) + "; " + attach.stdoutLines());
        }
    }
}
