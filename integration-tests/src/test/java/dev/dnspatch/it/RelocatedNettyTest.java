package dev.dnspatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dnspatch.it.apps.RelocatedNettyResolveApp;
import dev.dnspatch.it.apps.TwoNettysApp;
import dev.dnspatch.it.apps17.PulsarConnectApp;
import dev.dnspatch.it.support.AppJars;
import dev.dnspatch.it.support.DnsServer;
import dev.dnspatch.it.support.ForkedJvm;
import dev.dnspatch.it.support.Jdks;
import dev.dnspatch.it.support.Namespace;
import dev.dnspatch.it.support.Runtimes;
import dev.dnspatch.it.support.ScenarioRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A copy of Netty that a client jar ships relocated: Pulsar's client ({@code pulsar-client}),
 * whose connections resolve with {@code org.apache.pulsar.shade.io.netty.resolver.dns}. Its
 * resolver used directly ({@link RelocatedNettyResolveApp}), beside the original Netty in one JVM
 * ({@link TwoNettysApp}), and the client's own connections ({@link PulsarConnectApp}), in
 * namespaces where an interface has an IPv6 address and names come from a real DNS server.
 */
class RelocatedNettyTest {
    private static final String AGENT = "hosts=*.example.test";
    private static final String RELOCATED = "[dnspatch] patched the DnsNameResolver of Netty (version unknown) in"
            + " org.apache.pulsar.shade.io.netty, class loader app";
    private static final String NOT_SENT = "failed java.net.UnknownHostException: db.example.test: no AAAA question"
            + " sent; dnspatch mode=ipv4-only asks DNS for IPv4 addresses only";

    @TempDir
    static Path dir;
    private static Namespace unreachable;
    private static DnsServer.Zone zone;

    @BeforeAll
    static void network() throws Exception {
        Namespace.assumeAvailable();
        unreachable = Namespace.withHosts(dir).withUlaAddress().withResolvConf("nameserver 127.0.0.1",
                "options timeout:5");
        zone = DnsServer.Zone.at(dir.resolve("zone"))
                .aaaa("db.example.test", "2001:db8::1").a("db.example.test", "127.0.0.1");
    }

    static Stream<Integer> jdks() {
        return Runtimes.jdks();
    }

    /**
     * The relocated resolver gets the policy, for its address lookups and for a question of the
     * client's own, as the original does; at debug, the copy is named with its package.
     */
    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("jdks")
    void theRelocatedResolverGetsThePolicy(int feature) throws Exception {
        String app = RelocatedNettyResolveApp.class.getName();
        ScenarioRun without = launch(unreachable, feature, null, pulsarJar()).run(app, "db.example.test");
        ScenarioRun with = launch(unreachable, feature, AGENT + ",log=debug", pulsarJar()).run(app, "db.example.test");
        report("relocated resolver, JDK " + feature, without, with);

        assertEquals(List.of("relocated db.example.test all: 2001:db8::1, 127.0.0.1",
                "relocated db.example.test one: 2001:db8::1", "relocated db.example.test AAAA records: 2001:db8::1"),
                without.stdout(), without.toString());
        assertEquals(List.of("relocated db.example.test all: 127.0.0.1", "relocated db.example.test one: 127.0.0.1",
                "relocated db.example.test AAAA records: " + NOT_SENT), with.stdout(), with.toString());
        // At debug the instrumentation engine's own line comes before the banner.
        List<String> lines = with.result().stderrLines();
        assertTrue(lines.contains(RELOCATED), with.toString());
        assertTrue(lines.contains("[dnspatch] db.example.test: using 127.0.0.1 (asked DNS for IPv4 only)"),
                with.toString());
        assertEquals(List.of("AAAA", "A", "AAAA"), without.queries("db.example.test"), without.toString());
        assertEquals(List.of("A"), with.queries("db.example.test"), with.toString());
    }

    /**
     * The original Netty and the relocated one, in one class loader: each is patched (a debug
     * line each), each resolves with the policy; with netty=off, neither is touched.
     */
    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("jdks")
    void theOriginalAndARelocatedCopyInOneJvm(int feature) throws Exception {
        String app = TwoNettysApp.class.getName();
        ScenarioRun without = launch(unreachable, feature, null, withNetty(pulsarJar())).run(app, "db.example.test");
        ScenarioRun with = launch(unreachable, feature, AGENT + ",log=debug", withNetty(pulsarJar())).run(app,
                "db.example.test");
        ScenarioRun off = launch(unreachable, feature, AGENT + ",netty=off", withNetty(pulsarJar())).run(app,
                "db.example.test");
        report("two copies, JDK " + feature, without, with);
        report("two copies, netty=off, JDK " + feature, without, off);

        List<String> unpatched = List.of("db.example.test all: 2001:db8::1, 127.0.0.1", "db.example.test one: 2001:db8::1",
                "relocated db.example.test all: 2001:db8::1, 127.0.0.1", "relocated db.example.test one: 2001:db8::1",
                "relocated db.example.test AAAA records: 2001:db8::1");
        assertEquals(unpatched, without.stdout(), without.toString());
        assertEquals(List.of("db.example.test all: 127.0.0.1", "db.example.test one: 127.0.0.1",
                "relocated db.example.test all: 127.0.0.1", "relocated db.example.test one: 127.0.0.1",
                "relocated db.example.test AAAA records: " + NOT_SENT), with.stdout(), with.toString());
        List<String> patched = with.result().stderrLines().stream()
                .filter(l -> l.startsWith("[dnspatch] patched the DnsNameResolver")).collect(Collectors.toList());
        assertEquals(List.of("[dnspatch] patched the DnsNameResolver of Netty 4.1.135.Final, class loader app",
                RELOCATED), patched, with.toString());
        assertEquals(unpatched, off.stdout(), off.toString());
        assertEquals(List.of(), off.agentLinesAfterTheBanner(), off.toString());
    }

    /**
     * Pulsar's client on the path that swallows packets (2001:db8::/32 routed into an interface that
     * drops them): it tries the broker's addresses one after the other, IPv6 first as the JVM
     * prefers, so without the agent it sends its SYNs into that interface and waits out its
     * connect timeout before it reaches 127.0.0.1. With the agent its relocated resolver hands it
     * 127.0.0.1 alone: it opens that one connection, and waits out nothing.
     */
    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("clientJdks")
    void pulsarsClientConnectsWithoutWaitingOutItsTimeout(int feature) throws Exception {
        Namespace blackholed = Namespace.withHosts(dir).withSilentIpv6Route().withResolvConf("nameserver 127.0.0.1",
                "options timeout:5");
        String app = PulsarConnectApp.class.getName();
        String[] options = {"-Dapp.blackhole=dnspatch0", "-Dapp.connect.timeout.ms=3000",
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=off"};
        ScenarioRun without = launch(blackholed, feature, null, AppJars.sets("pulsar")).option(options).run(app, "db.example.test",
                "6650");
        ScenarioRun with = launch(blackholed, feature, AGENT, AppJars.sets("pulsar")).option(options).run(app, "db.example.test",
                "6650");
        report("Pulsar client, blackholed IPv6, JDK " + feature, without, with);

        String waited = without.stdout().get(0);
        assertTrue(waited.matches("accepted over 127\\.0\\.0\\.1 after \\d+ ms")
                && Long.parseLong(waited.replaceAll(".* after (\\d+) ms", "$1")) >= 3000, without.toString());
        // Without the agent: a connection to 2001:db8::1 (its SYNs went out of dnspatch0), then one to 127.0.0.1.
        assertTrue(count(without, "TCP connections opened: ") >= 2, without.toString());
        assertTrue(count(without, "packets out of dnspatch0: ") > 0, without.toString());
        assertTrue(with.stdout().get(0).startsWith("accepted over 127.0.0.1 after "), with.toString());
        assertEquals(1, count(with, "TCP connections opened: "), with.toString());
        assertEquals(List.of("[dnspatch] db.example.test: using 127.0.0.1 (asked DNS for IPv4 only)"),
                with.agentLinesAfterTheBanner(), with.toString());
    }

    /**
     * attach names the copies of Netty it finds: both patched in an app started with the agent, both
     * left alone (their resolvers were loaded before) in one started without it.
     */
    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("clientJdks")
    void attachReportsEveryCopy(int feature) throws Exception {
        Path java = Jdks.require(feature);
        String app = TwoNettysApp.class.getName();
        List<String> fields = new ArrayList<>();
        for (String agent : new String[] {AGENT, null}) {
            ForkedJvm jvm = ForkedJvm.on(java).classPath(withNetty(pulsarJar())).jvmOption("-Dapp.hold=true");
            if (agent != null) {
                jvm.withAgent(agent);
            }
            if (feature >= 21) {
                jvm.jvmOption("-XX:+EnableDynamicAgentLoading");
            }
            if (feature >= 24) {
                jvm.jvmOption("--sun-misc-unsafe-memory-access=allow");
            }
            try (ForkedJvm.Running running = jvm.start(app)) {
                String pid = running.awaitLine(line -> line.startsWith("pid: "), 30_000).substring("pid: ".length());
                ForkedJvm.Result attach = ForkedJvm.on(java).runJar("attach", pid, AGENT + ",mode=ipv4-first");
                assertEquals(0, attach.exitCode, attach + "\n" + running);
                fields.add(attach.stdoutLines().get(1).replaceAll(".*, netty=", "netty="));
                System.out.println("[relocated netty] attach, JDK " + feature + (agent == null ? ", no agent before"
                        : ", the agent before") + ": " + String.join(" | ", attach.stdoutLines()));
            }
        }
        assertEquals(List.of("netty=on (patched: Netty 4.1.135.Final (io.netty, class loader app), Netty (version"
                + " unknown) (org.apache.pulsar.shade.io.netty, class loader app))",
                "netty=on (not patched, its resolver loaded before dnspatch: io.netty, class loader app,"
                + " org.apache.pulsar.shade.io.netty, class loader app)"), fields);
    }

    /** The number on the app's line that starts so. */
    private static long count(ScenarioRun run, String prefix) {
        return run.stdout().stream().filter(l -> l.startsWith(prefix)).mapToLong(l -> Long.parseLong(l.substring(
                prefix.length()))).findFirst().orElseThrow(() -> new AssertionError("no line " + prefix + "\n" + run));
    }

    /** Pulsar's client is built for Java 17. */
    static Stream<Integer> clientJdks() {
        return Runtimes.jdks().filter(feature -> feature >= 17);
    }

    private static ScenarioRun.Launch launch(Namespace namespace, int feature, String agent, List<Path> classPath)
            throws Exception {
        return new ScenarioRun.Launch(dir, namespace, zone, feature, agent, true, launcher -> launcher)
                .classPath(classPath);
    }

    /** Pulsar's client jar alone: its relocated Netty needs nothing else. */
    private static List<Path> pulsarJar() {
        return AppJars.sets("pulsar").stream().filter(jar -> jar.getFileName().toString().startsWith("pulsar-client-4"))
                .collect(Collectors.toList());
    }

    private static List<Path> withNetty(List<Path> jars) {
        List<Path> all = new ArrayList<>(AppJars.sets("netty41"));
        all.addAll(jars);
        return all;
    }

    private static void report(String scenario, ScenarioRun without, ScenarioRun with) {
        ScenarioRun.report("relocated netty", scenario, without, with);
    }
}
