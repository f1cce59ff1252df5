package dev.dnspatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dnspatch.it.apps.ApacheHttpClientApp;
import dev.dnspatch.it.apps.JdkHttpClientApp;
import dev.dnspatch.it.apps.JettyHttpClientApp;
import dev.dnspatch.it.apps.OkHttpApp;
import dev.dnspatch.it.apps.ReactorNettyHttpApp;
import dev.dnspatch.it.support.AppJars;
import dev.dnspatch.it.support.DnsServer;
import dev.dnspatch.it.support.ForkedJvm;
import dev.dnspatch.it.support.HttpServer;
import dev.dnspatch.it.support.Jdks;
import dev.dnspatch.it.support.Namespace;
import dev.dnspatch.it.support.Runtimes;
import dev.dnspatch.it.support.ScenarioLauncher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * HTTP clients as apps use them, against a real HTTP server on 127.0.0.1 and ::1, on the silent
 * variant of an unusable IPv6 network: {@code web.example.test} has an AAAA record
 * ({@code 2001:db8::1}) and an A record ({@code 127.0.0.1}) on a real DNS server, the JVM prefers
 * IPv6, and {@code 2001:db8::/32} is routed into an interface that swallows every packet, as behind
 * a firewall that drops IPv6. Some of these clients try the next address after a failed connect:
 * what they lose shows where the first connect gets no answer at all.
 *
 * <p>Each client runs without the agent, which asserts what it does there (waits out its connect
 * timeout and fails, or waits it out and then connects over IPv4, or races the two families), and
 * then with {@code hosts=*.example.test}, which asserts that it connected over IPv4 at its first and
 * only connect. What was tried is the namespace's own count of the connects the app started
 * ({@link ScenarioLauncher#connectAttempts}), not a clock; the apps' measured times are printed.
 * The JDK's {@code HttpClient}, OkHttp, Apache HttpClient and Jetty's resolve through
 * {@code InetAddress}, reactor-netty's through Netty's own resolver: {@code netty=off} shows which.
 */
@Execution(ExecutionMode.CONCURRENT)
class HttpClientsTest {
    private static final String AGENT = "hosts=*.example.test";
    private static final String HOST = "web.example.test";
    /**
     * Every client's connect timeout, in ms: short, since a run without the agent may wait it out
     * (CI pays it once per such run), and long enough for a connect over loopback on a busy machine.
     */
    private static final int CONNECT_TIMEOUT_MS = 2000;

    @TempDir
    static Path dir;
    private static Namespace namespace;
    private static DnsServer.Zone zone;

    /** What a client does without dnspatch when the first address of the name swallows its packets. */
    enum WithoutDnspatch {
        /**
         * It connects to one address alone, the IPv6 one: it waits out its connect timeout, and
         * fails. (The JDK's client connects to the first address only; reactor-netty would try the
         * next one, but Netty's resolver, which it tells to finish once the preferred family has
         * answered, hands it the IPv6 address alone.)
         */
        TIMES_OUT,
        /** It tries the next address once the first connect timed out: it connects, a timeout late. */
        FALLS_BACK_AFTER_TIMEOUT,
        /**
         * It starts a connect to the other family before the first one times out (Happy Eyeballs,
         * RFC 8305): it connects, late by the head start it gives the first (250 ms in OkHttp 5's
         * source, {@code FastFallbackExchangeFinder}).
         */
        RACES
    }

    /** Whose resolver the client's lookups go through. */
    enum Resolver {
        /** {@code InetAddress}: the JDK's resolver, which both engines patch. */
        JDK,
        /** Netty's own {@code DnsNameResolver}, which {@code netty=on} patches. */
        NETTY
    }

    /**
     * A client: its app, the oldest JDK it runs on, its libraries, whose resolver it uses, and what
     * it does without dnspatch.
     */
    record Client(String name, Class<?> app, int oldestJdk, List<Path> classPath, Resolver resolver,
            WithoutDnspatch without) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void servers() throws Exception {
        Namespace.assumeAvailable();
        // glibc's defaults in resolv.conf: Netty reads its attempts as a budget of queries per lookup.
        namespace = Namespace.withHosts(dir).withResolvConf("nameserver 127.0.0.1", "options timeout:1")
                .withSilentIpv6Route();
        zone = DnsServer.Zone.at(dir.resolve("zone")).aaaa(HOST, "2001:db8::1").a(HOST, "127.0.0.1");
    }

    static List<Client> clients() {
        return List.of(
                new Client("JDK HttpClient", JdkHttpClientApp.class, 11, List.of(), Resolver.JDK,
                        WithoutDnspatch.TIMES_OUT),
                new Client("OkHttp", OkHttpApp.class, 8, AppJars.sets("okhttp"), Resolver.JDK, WithoutDnspatch.RACES),
                new Client("Apache HttpClient", ApacheHttpClientApp.class, 8, withSlf4j(AppJars.sets("httpclient5"),
                        "slf4j17"), Resolver.JDK, WithoutDnspatch.FALLS_BACK_AFTER_TIMEOUT),
                new Client("Jetty HttpClient", JettyHttpClientApp.class, 17, withSlf4j(AppJars.sets("jetty12"),
                        "slf4j2"), Resolver.JDK, WithoutDnspatch.FALLS_BACK_AFTER_TIMEOUT),
                new Client("reactor-netty HttpClient", ReactorNettyHttpApp.class, 8,
                        AppJars.sets("reactor-netty-http", "netty41"), Resolver.NETTY, WithoutDnspatch.TIMES_OUT));
    }

    /** Each client on every JDK it runs on. */
    static Stream<Arguments> clientsAndJdks() {
        return clients().stream().flatMap(client -> Runtimes.jdksFrom(client.oldestJdk())
                .map(jdk -> Arguments.of(client, jdk)));
    }

    @ParameterizedTest(name = "{0} on JDK {1}")
    @MethodSource("clientsAndJdks")
    void anIpv6AddressFirstOnAPathThatSwallowsPackets(Client client, int feature) throws Exception {
        Run without = run(client, feature, null, true);
        Run with = run(client, feature, AGENT, true);
        System.out.println("[http clients] " + client + " on JDK " + feature + ": without the agent " + without
                + "; with it " + with + " " + with.result.stderrLines());
        assertEquals(List.of(), without.result.stderrLines(), without.result.toString());

        assertAsWithoutDnspatch(client, without);

        assertServedOverIpv4(with);
        assertEquals(1, with.connects, "one connect, to 127.0.0.1: nothing went into the IPv6 path\n" + with.result);
        List<String> lines = with.result.stderrLines();
        assertTrue(lines.get(0).startsWith("[dnspatch] dnspatch ") && lines.get(0).contains(", hosts=*.example.test"),
                with.result.toString());
        // "asked DNS for IPv4 only" where the engine can, else "dropped 2001:db8::1".
        assertTrue(lines.get(1).startsWith("[dnspatch] " + HOST + ": using 127.0.0.1"), with.result.toString());
        assertEquals(2, lines.size(), with.result.toString());
    }

    /**
     * Whose resolver each client uses, shown by {@code netty=off}, which leaves Netty's resolver
     * alone: a client on the JDK's resolver still connects over IPv4 at its one connect; a client
     * on Netty's does what it does without the agent. The path is the library's, not the JDK's, so
     * one JDK shows it.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("clients")
    void nettyOffShowsWhoseResolverTheClientUses(Client client) throws Exception {
        Run run = run(client, 25, AGENT + ",netty=off", true);
        System.out.println("[http clients] " + client + " on JDK 25 with netty=off: " + run + " "
                + run.result.stderrLines());
        List<String> lines = run.result.stderrLines().stream().filter(l -> l.startsWith("[dnspatch] ")).toList();
        assertTrue(lines.get(0).startsWith("[dnspatch] dnspatch ") && lines.get(0).endsWith(", netty=off"),
                run.result.toString());
        if (client.resolver() == Resolver.NETTY) {
            assertAsWithoutDnspatch(client, run);
            assertEquals(1, lines.size(), "no change line: nothing was patched\n" + run.result);
        } else {
            assertServedOverIpv4(run);
            assertEquals(1, run.connects, run.result.toString());
            assertTrue(lines.get(1).startsWith("[dnspatch] " + HOST + ": using 127.0.0.1"), run.result.toString());
            assertEquals(2, lines.size(), run.result.toString());
        }
    }

    /**
     * OkHttp's fast fallback puts IPv6 first itself ({@code reorderForHappyEyeballs} interleaves the
     * families, IPv6 first), so it starts a connect into the IPv6 path even in a JVM that keeps the
     * JDK's default order, IPv4 first. With dnspatch it has no IPv6 address to start. The order is
     * the library's, not the JDK's: one JDK shows it.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("okHttp")
    void okHttpTriesIpv6FirstEvenWhereTheJvmPutsIpv4First(Client client) throws Exception {
        Run without = run(client, 25, null, false);
        Run with = run(client, 25, AGENT, false);
        System.out.println("[http clients] " + client + " on JDK 25, the JVM's default order: without the agent "
                + without + "; with it " + with + " " + with.result.stderrLines());

        assertServedOverIpv4(without);
        assertEquals(2, without.connects, "it tried both addresses\n" + without.result);
        assertServedOverIpv4(with);
        assertEquals(1, with.connects, "one connect, to 127.0.0.1\n" + with.result);
    }

    static Stream<Client> okHttp() {
        return clients().stream().filter(client -> client.app() == OkHttpApp.class);
    }

    /** What the client does without dnspatch, as {@link Client#without} says. */
    private static void assertAsWithoutDnspatch(Client client, Run without) {
        switch (client.without()) {
            case TIMES_OUT -> {
                assertEquals(1, without.result.exitCode, without.result.toString());
                // "HTTP connect timed out" (JDK), "connection timed out after 2000 ms" (Netty)
                assertTrue(without.firstLine().startsWith("failed ") && without.firstLine().contains(" timed out"),
                        without.result.toString());
                assertEquals(1, without.connects, "it tried the IPv6 address alone\n" + without.result);
                assertWaitedOutTheTimeout(without);
            }
            case FALLS_BACK_AFTER_TIMEOUT -> {
                assertServedOverIpv4(without);
                assertEquals(2, without.connects, "it tried the IPv6 address, then the IPv4 one\n" + without.result);
                assertWaitedOutTheTimeout(without);
            }
            case RACES -> {
                assertServedOverIpv4(without);
                assertEquals(2, without.connects, "it tried both addresses\n" + without.result);
            }
        }
    }

    /**
     * One run of the client's app in a fresh namespace, with the agent and these arguments (none
     * when null), in a JVM that prefers IPv6 or keeps the JDK's default order; and the connects it
     * started there.
     */
    private static Run run(Client client, int feature, String agentArgs, boolean preferIpv6) throws Exception {
        ScenarioLauncher launcher = HttpServer.addTo(ScenarioLauncher.in(Files.createTempDirectory(dir, "run")));
        ForkedJvm jvm = ForkedJvm.on(launcher.write(Jdks.require(feature), namespace, zone))
                .classPath(client.classPath());
        if (preferIpv6) {
            jvm.jvmOption("-Djava.net.preferIPv6Addresses=true");
        }
        if (client.app() == ReactorNettyHttpApp.class && feature >= 24) {
            // Netty's own warnings about sun.misc.Unsafe and its native transport, with or without the agent.
            jvm.jvmOption("--sun-misc-unsafe-memory-access=allow").jvmOption("--enable-native-access=ALL-UNNAMED");
        }
        if (agentArgs != null) {
            jvm.withAgent(agentArgs);
        }
        ForkedJvm.Result result = jvm.run(client.app().getName(), HOST, String.valueOf(HttpServer.PORT),
                String.valueOf(CONNECT_TIMEOUT_MS));
        List<Integer> connects = launcher.connectAttempts();
        assertEquals(1, connects.size(), "one run, one count: " + connects + "\n" + result);
        return new Run(result, connects.get(0));
    }

    private static List<Path> withSlf4j(List<Path> jars, String slf4j) {
        // An app has a logging binding; SLF4J without one prints its own warning on stderr.
        List<Path> all = new ArrayList<>(jars);
        all.add(AppJars.get(slf4j + "-api"));
        all.add(AppJars.get(slf4j + "-simple"));
        return all;
    }

    private static void assertServedOverIpv4(Run run) {
        assertEquals(0, run.result.exitCode, run.result.toString());
        assertEquals("ok HTTP 200, server 127.0.0.1", run.firstLine(), run.result.toString());
    }

    /** The app's time to its result is at least most of the connect timeout: it waited for it. */
    private static void assertWaitedOutTheTimeout(Run run) {
        assertTrue(run.took() >= CONNECT_TIMEOUT_MS * 9L / 10, "it did not wait for its connect timeout\n" + run.result);
    }

    private record Run(ForkedJvm.Result result, int connects) {
        String firstLine() {
            return result.stdoutLines().isEmpty() ? "" : result.stdoutLines().get(0);
        }

        /** The app's own "took N ms": from the start of its request to its result. */
        long took() {
            List<String> lines = result.stdoutLines();
            String line = lines.size() < 2 ? "" : lines.get(1);
            assertTrue(line.matches("took \\d+ ms"), result.toString());
            return Long.parseLong(line.replaceAll("\\D", ""));
        }

        @Override
        public String toString() {
            return firstLine() + " (took " + (result.stdoutLines().size() < 2 ? "?" : result.stdoutLines().get(1)
                    .replace("took ", "")) + ", " + connects + (connects == 1 ? " connect)" : " connects)");
        }
    }
}
