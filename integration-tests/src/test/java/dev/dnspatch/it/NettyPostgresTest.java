package dev.dnspatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dnspatch.it.apps.R2dbcPgApp;
import dev.dnspatch.it.apps.VertxPgApp;
import dev.dnspatch.it.support.AppJars;
import dev.dnspatch.it.support.BootJar;
import dev.dnspatch.it.support.DnsServer;
import dev.dnspatch.it.support.ForkedJvm;
import dev.dnspatch.it.support.Jdks;
import dev.dnspatch.it.support.Namespace;
import dev.dnspatch.it.support.Postgres;
import dev.dnspatch.it.support.PostgresNetwork;
import dev.dnspatch.it.support.Runtimes;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reactive PostgreSQL clients, which resolve names with Netty's own DNS resolver, against a real
 * PostgreSQL (listening on 127.0.0.1 and ::1), in a namespace where an interface carries an IPv6
 * address (so Netty asks for AAAA records) and global IPv6 has no route. Each runs without the
 * agent (the failure) and with it: Vert.x's client on Vert.x 4.5 (Netty 4.1) and 5.0 (Netty 4.2),
 * and r2dbc-postgresql 1.1 on reactor-netty 1.1 (Netty 4.1).
 */
class NettyPostgresTest {
    private static final String AGENT = "hosts=*.example.test";
    private static final String PORT = String.valueOf(Postgres.PORT);

    @TempDir
    static Path dir;
    private static Namespace namespace;
    private static Postgres postgres;
    private static DnsServer.Zone zone;

    @BeforeAll
    static void servers() throws Exception {
        PostgresNetwork network = PostgresNetwork.prepare(dir, "127.0.0.1,::1");
        // glibc's defaults in resolv.conf: Netty reads its attempts as a budget of queries per lookup.
        namespace = network.namespace.withUlaAddress().withResolvConf("nameserver 127.0.0.1", "options timeout:1");
        postgres = network.postgres;
        zone = network.zone.aaaa("db.example.test", "2001:db8::1").a("db.example.test", "127.0.0.1")
                .a("v4dead.example.test", "192.0.2.1").aaaa("v4dead.example.test", "::1");
    }

    /**
     * Client, the JDK it runs on: Vert.x 4.5 on JDK 8 too. Vert.x 5 needs JDK 11, and
     * r2dbc-postgresql 1.1's classes call JDK 9 methods of ByteBuffer: it fails on JDK 8 without
     * the agent too.
     */
    static Stream<Arguments> clients() {
        return Stream.of(Runtimes.jdks().map(jdk -> Arguments.of("vertx4", jdk)),
                Runtimes.jdksFrom(11).map(jdk -> Arguments.of("vertx5", jdk)),
                Runtimes.jdksFrom(11).map(jdk -> Arguments.of("r2dbc", jdk))).flatMap(clients -> clients);
    }

    /**
     * The original bug: db.example.test has an AAAA and an A record, the JVM prefers IPv6 (Netty
     * then asks for IPv6 first), and IPv6 has no route. With the agent, DNS is asked for A records
     * alone and the client connects over IPv4.
     */
    @ParameterizedTest(name = "{0} on JDK {1}")
    @MethodSource("clients")
    void theOriginalBugThroughNetty(String client, int feature) throws Exception {
        ForkedJvm.Result without = app(client, feature, true).run(appClass(client), "db.example.test", PORT);
        ForkedJvm.Result with = app(client, feature, true).withAgent(AGENT).run(appClass(client), "db.example.test", PORT);
        report("original bug, " + client + " on JDK " + feature, without, with);

        assertFailedUnreachable(without);
        assertConnected(with, "127.0.0.1", "[dnspatch] db.example.test: using 127.0.0.1 (asked DNS for IPv4 only)");
    }

    /**
     * Whose resolver the clients use: {@code netty=off} leaves Netty's resolver alone, and each
     * fails again as without the agent. The path is the library's, not the JDK's: one JDK shows it.
     */
    @ParameterizedTest(name = "{0} on JDK 25")
    @ValueSource(strings = {"vertx4", "vertx5", "r2dbc"})
    void nettyOffLeavesTheClientAsItWas(String client) throws Exception {
        ForkedJvm.Result run = app(client, 25, true).withAgent(AGENT + ",netty=off").run(appClass(client),
                "db.example.test", PORT);
        System.out.println("[netty postgres] netty=off, " + client + " on JDK 25: " + firstLine(run) + " "
                + run.stderrLines());
        assertFalse(run.toString().contains(postgres.password()), "the password was printed");

        assertFailedUnreachable(run);
        // The banner alone: nothing was changed. (Vert.x may add its own warning on a busy machine.)
        List<String> lines = run.stderrLines().stream().filter(l -> l.startsWith("[dnspatch] ")).toList();
        assertEquals(1, lines.size(), run.toString());
        assertTrue(lines.get(0).endsWith(", hosts=*.example.test, netty=off"), run.toString());
    }

    /**
     * An IPv6-only network: the A record (a TEST-NET address) has no route and the AAAA is ::1.
     * Netty's default order puts IPv4 first; mode=ipv6-first puts ::1 first, for the named hosts.
     */
    @ParameterizedTest(name = "{0} on JDK {1}")
    @MethodSource("clients")
    void anIpv6OnlyNetworkWithIpv6First(String client, int feature) throws Exception {
        ForkedJvm.Result without = app(client, feature, false).run(appClass(client), "v4dead.example.test", PORT);
        ForkedJvm.Result with = app(client, feature, false).withAgent(AGENT + ",mode=ipv6-first")
                .run(appClass(client), "v4dead.example.test", PORT);
        report("IPv6-only network, " + client + " on JDK " + feature, without, with);

        assertFailedUnreachable(without);
        assertConnected(with, "::1", "[dnspatch] v4dead.example.test: using ::1 first, then 192.0.2.1");
    }

    /**
     * The app as a Spring Boot executable jar (Vert.x and Netty nested under BOOT-INF/lib, loaded by
     * Spring Boot's own class loader), with the agent only in JAVA_TOOL_OPTIONS, as in a container.
     */
    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("bootJdks")
    void aSpringBootJarWithNettyNestedThroughJavaToolOptions(int feature) throws Exception {
        BootJar boot = new BootJar().appClass(VertxPgApp.class).appClass(Class.forName(
                "dev.dnspatch.it.apps.Chain"));
        for (Path jar : AppJars.sets("vertx4", "netty41")) {
            boot.lib(jar);
        }
        Path jar = boot.write(dir.resolve("vertx-boot-" + feature + ".jar"), VertxPgApp.class,
                AppJars.get("spring-boot-loader"));
        String toolOptions = "-javaagent:" + ForkedJvm.agentJar() + "=" + AGENT;

        ForkedJvm.Result without = jvm(feature, true).launch("-jar", jar.toString(), "db.example.test", PORT);
        ForkedJvm.Result with = jvm(feature, true).env("JAVA_TOOL_OPTIONS", toolOptions)
                .launch("-jar", jar.toString(), "db.example.test", PORT);
        report("Spring Boot jar, JAVA_TOOL_OPTIONS, JDK " + feature, without, with);

        assertFailedUnreachable(without);
        assertEquals(0, with.exitCode, with.toString());
        assertEquals("ok SELECT 1 = 1, server 127.0.0.1", firstLine(with), with.toString());
        assertEquals(List.of("Picked up JAVA_TOOL_OPTIONS: " + toolOptions), with.stderrLines().subList(0, 1),
                with.toString());
        assertTrue(with.stderrLines().get(1).endsWith(", hosts=*.example.test, netty=on"), with.toString());
        assertEquals(List.of("[dnspatch] db.example.test: using 127.0.0.1 (asked DNS for IPv4 only)"),
                with.stderrLines().subList(2, with.stderrLines().size()), with.toString());
    }

    /** Spring Boot 3's launcher needs JDK 17. */
    static Stream<Integer> bootJdks() {
        return Stream.of(17, 25);
    }

    private static String appClass(String client) {
        return (client.equals("r2dbc") ? R2dbcPgApp.class : VertxPgApp.class).getName();
    }

    private static ForkedJvm app(String client, int feature, boolean preferIpv6) throws Exception {
        return jvm(feature, preferIpv6).classPath(AppJars.sets(client, client.equals("vertx5") ? "netty42" : "netty41"));
    }

    private static ForkedJvm jvm(int feature, boolean preferIpv6) throws Exception {
        ForkedJvm jvm = ForkedJvm.on(postgres.launcher(Jdks.require(feature), namespace, zone))
                .env("DB_USER", Postgres.USER)
                .env("DB_PASSWORD", postgres.password());
        if (preferIpv6) {
            jvm.jvmOption("-Djava.net.preferIPv6Addresses=true");
        }
        if (feature >= 24) {
            // Netty's own warning about sun.misc.Unsafe, with or without the agent.
            jvm.jvmOption("--sun-misc-unsafe-memory-access=allow");
        }
        return jvm;
    }

    /** Prints both runs; neither may print the password, nor anything on stderr but the agent's lines. */
    private static void report(String scenario, ForkedJvm.Result without, ForkedJvm.Result with) {
        System.out.println("[netty postgres] " + scenario + ": without the agent " + firstLine(without) + "; with it "
                + firstLine(with) + " " + with.stderrLines());
        assertFalse(without.toString().contains(postgres.password()), "the password was printed");
        assertFalse(with.toString().contains(postgres.password()), "the password was printed");
        assertEquals(List.of(), without.stderrLines(), without.toString());
        assertEquals(List.of(), with.stderrLines().stream().filter(l -> !l.startsWith("[dnspatch] ")
                && !l.startsWith("Picked up JAVA_TOOL_OPTIONS: ")).collect(Collectors.toList()), with.toString());
    }

    private static void assertFailedUnreachable(ForkedJvm.Result run) {
        assertEquals(1, run.exitCode, run.toString());
        assertTrue(firstLine(run).startsWith("failed ") && firstLine(run).contains("Network is unreachable"),
                run.toString());
    }

    private static void assertConnected(ForkedJvm.Result run, String server, String changeLine) {
        assertEquals(0, run.exitCode, run.toString());
        assertEquals("ok SELECT 1 = 1, server " + server, firstLine(run), run.toString());
        List<String> lines = run.stderrLines();
        assertTrue(lines.get(0).startsWith("[dnspatch] dnspatch ") && lines.get(0).endsWith(", netty=on"),
                run.toString());
        assertEquals(List.of(changeLine), lines.subList(1, lines.size()), run.toString());
    }

    private static String firstLine(ForkedJvm.Result run) {
        return run.stdoutLines().isEmpty() ? "" : run.stdoutLines().get(0);
    }
}
