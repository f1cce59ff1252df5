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
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A real JDBC connection to a real PostgreSQL through the patched resolver, at every log level
 * and on every engine: the password, the user name and the URL appear nowhere in what the JVM
 * prints, stdout and stderr alike. The user name is one no other text contains, so finding it
 * would mean it was printed.
 */
class CredentialsNeverLoggedTest {
    private static final String URL =
            "jdbc:postgresql://db.example.test:" + Postgres.PORT + "/postgres?connectTimeout=5";

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
        zone = network.zone.aaaa("db.example.test", "2001:db8::1")
                .a("db.example.test", "127.0.0.1");
    }

    static Stream<Arguments> levelsAndEngines() {
        List<Arguments> cases = new ArrayList<>();
        for (String log : List.of("off", "info", "debug")) {
            Runtimes.everyEngine().forEach(runtime -> cases.add(Arguments.of(log, runtime.get()[0], runtime.get()[1])));
        }
        return cases.stream();
    }

    private static ForkedJvm jdbcApp(int jdk) throws Exception {
        return ForkedJvm.on(postgres.launcher(Jdks.require(jdk), namespace, zone))
                .jvmOption("-Djava.net.preferIPv6Addresses=true")
                .classPath(Paths.get(System.getProperty("dnspatch.test.pgjdbc")))
                .env("DB_USER", Postgres.USER)
                .env("DB_PASSWORD", postgres.password());
    }

    @Test
    void withoutTheAgentTheSameConnectionFails() throws Exception {
        ForkedJvm.Result run = jdbcApp(25).run(JdbcApp.class.getName(), URL);

        assertEquals(1, run.exitCode, run::toString);
        assertTrue(run.stdoutLines().get(0).contains("Network is unreachable"), run::toString);
    }

    @ParameterizedTest(name = "log={0}, JDK {1}{2}")
    @MethodSource("levelsAndEngines")
    void noPasswordUserNameOrUrlInTheOutput(String log, int jdk, String engine) throws Exception {
        ForkedJvm.Result run = jdbcApp(jdk).withAgent("hosts=*.example.test,log=" + log + engine)
                .run(JdbcApp.class.getName(), URL);

        // The connection was made, through the agent: without it the app gets ENETUNREACH.
        assertEquals(0, run.exitCode, run::toString);
        assertTrue(run.stdoutLines().get(0).startsWith("ok SELECT 1 = 1, server 127.0.0.1"), run::toString);
        if (log.equals("off")) {
            assertEquals(List.of(), run.stderrLines(), run::toString);
        } else {
            assertTrue(run.stderr.contains("[dnspatch] db.example.test: using 127.0.0.1"), run::toString);
        }
        String output = run.stdout + run.stderr;
        String lower = output.toLowerCase(Locale.ROOT);
        assertFalse(output.contains(postgres.password()), "the password was printed:\n" + run);
        assertFalse(lower.contains(Postgres.USER.toLowerCase(Locale.ROOT)), "the user name was printed:\n" + run);
        assertFalse(output.contains(URL), "the URL was printed:\n" + run);
        assertFalse(lower.contains("jdbc:"), "a JDBC URL was printed:\n" + run);
        assertFalse(lower.contains("password"), "something about a password was printed:\n" + run);
    }
}
