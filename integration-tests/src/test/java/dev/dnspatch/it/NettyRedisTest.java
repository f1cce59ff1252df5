package dev.dnspatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dnspatch.it.apps.LettuceApp;
import dev.dnspatch.it.apps.RedissonApp;
import dev.dnspatch.it.support.AppJars;
import dev.dnspatch.it.support.DnsServer;
import dev.dnspatch.it.support.ForkedJvm;
import dev.dnspatch.it.support.Jdks;
import dev.dnspatch.it.support.Namespace;
import dev.dnspatch.it.support.Redis;
import dev.dnspatch.it.support.Runtimes;
import dev.dnspatch.it.support.ScenarioLauncher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Lettuce (6.8) and Redisson (3.52), both on Netty 4.1, against a real redis-server listening on
 * 127.0.0.1 and ::1, in the namespace of the Netty scenarios: an interface with an IPv6 address, no
 * route for global IPv6, names from a real DNS server. Without the agent they fail; with it they
 * connect.
 */
class NettyRedisTest {
    private static final String PORT = String.valueOf(Redis.PORT);
    /** The connect timeout Redisson is given, in ms; a connect here fails at once, so it never runs out. */
    private static final String CONNECT_TIMEOUT_MS = "10000";

    @TempDir
    static Path dir;
    private static Namespace namespace;
    private static DnsServer.Zone zone;
    private static Redis redis;

    @BeforeAll
    static void servers() throws Exception {
        Namespace.assumeAvailable();
        redis = Redis.prepare(dir);
        namespace = Namespace.withHosts(dir).withUlaAddress().withResolvConf("nameserver 127.0.0.1", "options timeout:1");
        zone = DnsServer.Zone.at(dir.resolve("zone"))
                .aaaa("cache.example.test", "2001:db8::1").a("cache.example.test", "127.0.0.1")
                .a("v4dead.example.test", "192.0.2.1").aaaa("v4dead.example.test", "::1");
    }

    static Stream<Integer> jdks() {
        return Runtimes.jdks();
    }

    /** Each client on every JDK. */
    static Stream<Arguments> clients() {
        return Stream.of("lettuce", "redisson").flatMap(client -> Runtimes.jdks().map(jdk -> Arguments.of(client, jdk)));
    }

    /** The original bug, with Redis: IPv6 first (the JVM prefers it), and no IPv6 route. */
    @ParameterizedTest(name = "{0} on JDK {1}")
    @MethodSource("clients")
    void theClientConnectsOverIpv4(String client, int feature) throws Exception {
        ForkedJvm.Result without = app(client, feature, true).run(appClass(client), "cache.example.test", PORT,
                CONNECT_TIMEOUT_MS);
        ForkedJvm.Result with = app(client, feature, true).withAgent("hosts=*.example.test").run(appClass(client),
                "cache.example.test", PORT, CONNECT_TIMEOUT_MS);
        report(client + ", cache.example.test, JDK " + feature, without, with);

        assertFailedUnreachable(without);
        assertConnected(with, "127.0.0.1", "[dnspatch] cache.example.test: using 127.0.0.1 (asked DNS for IPv4 only)");
    }

    /**
     * Whose resolver the clients use: {@code netty=off} leaves Netty's resolver alone, and each
     * fails again as without the agent. The path is the library's, not the JDK's: one JDK shows it.
     */
    @ParameterizedTest(name = "{0} on JDK 25")
    @ValueSource(strings = {"lettuce", "redisson"})
    void nettyOffLeavesTheClientAsItWas(String client) throws Exception {
        ForkedJvm.Result run = app(client, 25, true).withAgent("hosts=*.example.test,netty=off").run(appClass(client),
                "cache.example.test", PORT, CONNECT_TIMEOUT_MS);
        System.out.println("[netty redis] " + client + ", netty=off, JDK 25: " + firstLine(run) + " "
                + run.stderrLines());

        assertFailedUnreachable(run);
        // The banner alone: nothing was changed.
        List<String> lines = run.stderrLines().stream().filter(l -> l.startsWith("[dnspatch] ")).toList();
        assertEquals(1, lines.size(), run.toString());
        assertTrue(lines.get(0).endsWith(", hosts=*.example.test, netty=off"), run.toString());
    }

    /** An IPv6-only network: the A record has no route; ipv6-first connects over ::1. */
    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("jdks")
    void lettuceConnectsOverIpv6OnAnIpv6OnlyNetwork(int feature) throws Exception {
        String app = LettuceApp.class.getName();
        ForkedJvm.Result without = app("lettuce", feature, false).run(app, "v4dead.example.test", PORT);
        ForkedJvm.Result with = app("lettuce", feature, false).withAgent("hosts=*.example.test,mode=ipv6-first")
                .run(app, "v4dead.example.test", PORT);
        report("v4dead.example.test, JDK " + feature, without, with);

        assertFailedUnreachable(without);
        assertConnected(with, "::1", "[dnspatch] v4dead.example.test: using ::1 first, then 192.0.2.1");
    }

    private static String appClass(String client) {
        return (client.equals("redisson") ? RedissonApp.class : LettuceApp.class).getName();
    }

    /**
     * Lettuce logs through Netty's logging, which falls back to the JDK's; Redisson needs SLF4J, and
     * gets a binding as an app has one (at {@code warn}, the level an app runs its libraries at).
     */
    private static ForkedJvm app(String client, int feature, boolean preferIpv6) throws Exception {
        ScenarioLauncher launcher = redis.addTo(ScenarioLauncher.in(Files.createTempDirectory(dir, "run")));
        ForkedJvm jvm = ForkedJvm.on(launcher.write(Jdks.require(feature), namespace, zone))
                .classPath(AppJars.sets(client, "netty41"));
        if (client.equals("redisson")) {
            jvm.classPath(AppJars.get("slf4j2-api")).classPath(AppJars.get("slf4j2-simple"))
                    .jvmOption("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        }
        if (preferIpv6) {
            jvm.jvmOption("-Djava.net.preferIPv6Addresses=true");
        }
        if (feature >= 24) {
            jvm.jvmOption("--sun-misc-unsafe-memory-access=allow");
        }
        return jvm;
    }

    private static void report(String scenario, ForkedJvm.Result without, ForkedJvm.Result with) {
        System.out.println("[netty redis] " + scenario + ": without the agent " + firstLine(without) + "; with it "
                + firstLine(with) + " " + with.stderrLines());
        assertEquals(List.of(), without.stderrLines(), without.toString());
    }

    private static void assertFailedUnreachable(ForkedJvm.Result run) {
        assertEquals(1, run.exitCode, run.toString());
        assertTrue(firstLine(run).startsWith("failed ") && firstLine(run).contains("Network is unreachable"),
                run.toString());
    }

    private static void assertConnected(ForkedJvm.Result run, String server, String changeLine) {
        assertEquals(0, run.exitCode, run.toString());
        assertEquals("ok SET/GET read back, server " + server, firstLine(run), run.toString());
        List<String> lines = run.stderrLines();
        assertTrue(lines.get(0).startsWith("[dnspatch] dnspatch ") && lines.get(0).endsWith(", netty=on"),
                run.toString());
        assertEquals(List.of(changeLine), lines.subList(1, lines.size()), run.toString());
    }

    private static String firstLine(ForkedJvm.Result run) {
        return run.stdoutLines().isEmpty() ? "" : run.stdoutLines().get(0);
    }
}
