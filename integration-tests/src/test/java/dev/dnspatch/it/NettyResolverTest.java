package dev.dnspatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dnspatch.it.apps.NettyResolveApp;
import dev.dnspatch.it.apps.NettyTwoCopiesApp;
import dev.dnspatch.it.support.AppJars;
import dev.dnspatch.it.support.DnsServer;
import dev.dnspatch.it.support.ForkedJvm;
import dev.dnspatch.it.support.Namespace;
import dev.dnspatch.it.support.Runtimes;
import dev.dnspatch.it.support.ScenarioRun;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Netty's own DNS resolver, used directly by an app ({@link NettyResolveApp}) as Netty's defaults
 * configure it, in a namespace whose only names come from a real DNS server, where an interface
 * carries an IPv6 address (so Netty asks for AAAA records) and global IPv6 has no route. Every run
 * is compared with the same run without the agent.
 */
class NettyResolverTest {
    private static final String APP = NettyResolveApp.class.getName();
    private static final String AGENT = "hosts=*.example.test";
    private static final String NOTHING_LEFT = "v6only.example.test: no IPv4 address, only 2001:db8::4; dnspatch"
            + " mode=ipv4-only removed it. Use an IPv4 endpoint for this host (for example the provider's connection"
            + " pooler) or give this machine IPv6 connectivity";

    @TempDir
    static Path dir;
    private static Namespace namespace;
    private static DnsServer.Zone zone;

    @BeforeAll
    static void network() throws Exception {
        Namespace.assumeAvailable();
        // glibc's defaults, as most machines have them: Netty reads attempts as its query budget.
        namespace = Namespace.withHosts(dir).withUlaAddress().withResolvConf("nameserver 127.0.0.1", "options timeout:1");
        zone = DnsServer.Zone.at(dir.resolve("zone"))
                .aaaa("db.example.test", "2001:db8::1").a("db.example.test", "127.0.0.1")
                .a("v4dead.example.test", "192.0.2.1").aaaa("v4dead.example.test", "::1")
                .aaaa("v6only.example.test", "2001:db8::4")
                .aaaa("other.example.org", "::1").a("other.example.org", "127.0.0.1");
    }

    /**
     * Netty library set, JDK, and whether the hook can have DNS asked for one family: the oldest
     * Netty the hook supports (4.1.35; that needs 4.1.49), Vert.x 4.5's Netty 4.1 and Vert.x 5's 4.2.
     */
    static Stream<Arguments> nettyAndJdks() {
        return Stream.of(Stream.of(Arguments.of("netty-oldest", 8, false), Arguments.of("netty-oldest", 17, false)),
                Runtimes.jdks().map(jdk -> Arguments.of("netty41", jdk, true)),
                Runtimes.jdks().map(jdk -> Arguments.of("netty42", jdk, true))).flatMap(sets -> sets);
    }

    /**
     * ipv4-only: the policy's answer, for the whole answer and for one address, asked from DNS as A
     * records alone where the Netty allows it, and Netty's cache serving it: within the record's
     * TTL (1 s) the second lookup sends no query; after it, the next round asks again.
     */
    @ParameterizedTest(name = "{0} on JDK {1}")
    @MethodSource("nettyAndJdks")
    void everyNettyVersionGetsThePolicysAnswerAndCachesIt(String netty, int feature, boolean oneFamily)
            throws Exception {
        ScenarioRun without = run(netty, feature, null, true, "-Dapp.rounds=2", "-Dapp.pause.ms=1500")
                .app("db.example.test");
        ScenarioRun with = run(netty, feature, AGENT, true, "-Dapp.rounds=2", "-Dapp.pause.ms=1500")
                .app("db.example.test");
        report("ipv4-only, " + netty + ", JDK " + feature, without, with);

        List<String> unpatched = List.of("db.example.test all: 2001:db8::1, 127.0.0.1", "db.example.test one: 2001:db8::1");
        assertEquals(repeat(unpatched, 2), without.stdout(), without.toString());
        List<String> patched = List.of("db.example.test all: 127.0.0.1", "db.example.test one: 127.0.0.1");
        assertEquals(repeat(patched, 2), with.stdout(), with.toString());
        // Without the agent Netty asks for both families in each round. Two rounds, one query per
        // family each: the lookup of one address came from the cache both times.
        assertEquals(List.of("AAAA", "A", "AAAA", "A"), without.queries("db.example.test"), without.toString());
        if (oneFamily) {
            assertEquals(List.of("[dnspatch] db.example.test: using 127.0.0.1 (asked DNS for IPv4 only)"),
                    with.agentLinesAfterTheBanner(), with.toString());
            assertEquals(List.of("A", "A"), with.queries("db.example.test"), with.toString());
        } else {
            assertEquals(List.of("[dnspatch] db.example.test: using 127.0.0.1, dropped 2001:db8::1"),
                    with.agentLinesAfterTheBanner(), with.toString());
            assertEquals(without.queries("db.example.test"), with.queries("db.example.test"), with.toString());
        }
    }

    /**
     * Every other mode, through Netty's defaults on this machine: IPv6 first with
     * preferIPv6Addresses=true, IPv4 first without it (an IPv6-only network, where the A record has
     * no route).
     */
    static Stream<Arguments> modes() {
        return Stream.of(
                Arguments.of("mode=ipv4-first", true, "db.example.test",
                        "2001:db8::1, 127.0.0.1", "127.0.0.1, 2001:db8::1",
                        "db.example.test: using 127.0.0.1 first, then 2001:db8::1", List.of("AAAA", "A")),
                Arguments.of("mode=ipv6-only", false, "v4dead.example.test",
                        "192.0.2.1, ::1", "::1",
                        "v4dead.example.test: using ::1 (asked DNS for IPv6 only)", List.of("AAAA")),
                Arguments.of("mode=ipv6-first", false, "v4dead.example.test",
                        "192.0.2.1, ::1", "::1, 192.0.2.1",
                        "v4dead.example.test: using ::1 first, then 192.0.2.1", List.of("A", "AAAA")),
                Arguments.of("mode=auto", true, "db.example.test",
                        "2001:db8::1, 127.0.0.1", "127.0.0.1",
                        "db.example.test: using 127.0.0.1, dropped 2001:db8::1 (no route)", List.of("AAAA", "A")),
                Arguments.of("mode=auto", false, "v4dead.example.test",
                        "192.0.2.1, ::1", "::1",
                        "v4dead.example.test: using ::1, dropped 192.0.2.1 (no route)", List.of("A", "AAAA")));
    }

    @ParameterizedTest(name = "{0}, preferIPv6Addresses={1}, {2}")
    @MethodSource("modes")
    void everyModeAppliesToNettysAnswer(String mode, boolean preferIpv6, String host, String unpatched,
            String patched, String changeLine, List<String> queries) throws Exception {
        for (int feature : new int[] {17, 25}) {
            ScenarioRun without = run("netty41", feature, null, preferIpv6).app(host);
            ScenarioRun with = run("netty41", feature, AGENT + "," + mode, preferIpv6).app(host);
            report(mode + ", " + host + ", JDK " + feature, without, with);

            assertEquals(List.of(host + " all: " + unpatched, host + " one: " + unpatched.split(",")[0]),
                    without.stdout(), without.toString());
            assertEquals(List.of(host + " all: " + patched, host + " one: " + patched.split(",")[0]),
                    with.stdout(), with.toString());
            assertTrue(with.banner().contains(", " + mode + ", hosts=*.example.test, netty=on"), with.toString());
            assertEquals(List.of("[dnspatch] " + changeLine), with.agentLinesAfterTheBanner(), with.toString());
            assertEquals(queries, with.queries(host), with.toString());
        }
    }

    /**
     * A host with no IPv4 address under ipv4-only: Netty's callers get the policy's
     * UnknownHostException, and the warning says the same once. The A query found nothing, quickly,
     * so dnspatch looked the host up once more in full to say what it has; the lookup of one
     * address after it is answered from Netty's cache, with the same explanation.
     */
    @ParameterizedTest(name = "{0} on JDK {1}")
    @MethodSource("nettyAndJdks")
    void aHostWithoutIpv4FailsAtOnceWithTheReason(String netty, int feature, boolean oneFamily) throws Exception {
        ScenarioRun without = run(netty, feature, null, true).app("v6only.example.test");
        ScenarioRun with = run(netty, feature, AGENT, true).app("v6only.example.test");
        report("IPv6-only host, " + netty + ", JDK " + feature, without, with);

        assertEquals(List.of("v6only.example.test all: 2001:db8::4", "v6only.example.test one: 2001:db8::4"),
                without.stdout(), without.toString());
        String failure = "failed java.net.UnknownHostException: " + NOTHING_LEFT;
        assertEquals(List.of("v6only.example.test all: " + failure, "v6only.example.test one: " + failure),
                with.stdout(), with.toString());
        assertEquals(List.of("[dnspatch] warning: " + NOTHING_LEFT), with.agentLinesAfterTheBanner(), with.toString());
        List<String> queries = with.queries("v6only.example.test");
        if (oneFamily) {
            // The A query alone (Netty asks its one server again on an empty answer), then the full
            // lookup that explains it; the lookup of one address after it came from the cache.
            int aaaa = queries.indexOf("AAAA");
            assertTrue(aaaa > 0 && queries.subList(0, aaaa).stream().allMatch("A"::equals)
                    && queries.lastIndexOf("AAAA") == aaaa, with.toString());
        } else {
            assertEquals(without.queries("v6only.example.test"), queries, with.toString());
        }
    }

    /**
     * A DNS server that never answers: the lookup times out as it does without the agent, and
     * the one-family lookup that timed out is not repeated in full (no AAAA query is ever sent).
     */
    @Test
    void aSilentServerIsNeverAskedTwice() throws Exception {
        ScenarioRun without = silent(null).app("v6only.example.test");
        ScenarioRun with = silent(AGENT).app("v6only.example.test");
        report("silent DNS server", without, with);

        assertTrue(without.stdout().get(0).startsWith("v6only.example.test all: failed"
                + " java.net.UnknownHostException: "), without.toString());
        assertTrue(with.stdout().get(0).startsWith("v6only.example.test all: failed"
                + " java.net.UnknownHostException: "), with.toString());
        assertFalse(with.result().stdout.contains("dnspatch mode="), with.toString());
        assertTrue(without.queries("v6only.example.test").contains("AAAA"), without.toString());
        List<String> queries = with.queries("v6only.example.test");
        assertTrue(!queries.isEmpty() && queries.stream().allMatch("A"::equals), with.toString());
        assertEquals(List.of(), with.agentLinesAfterTheBanner(), with.toString());
    }

    /** The app against a DNS server that logs each query and answers none. */
    private static Launch silent(String agent) throws Exception {
        return new Launch(true, "netty41", 17, agent, true);
    }

    /** A name that does not exist fails as it does without the agent, with Netty's own message. */
    @Test
    void aMissingNameFailsWithNettysOwnError() throws Exception {
        ScenarioRun without = run("netty41", 17, null, true).app("missing.example.test");
        ScenarioRun with = run("netty41", 17, AGENT, true).app("missing.example.test");
        report("missing name", without, with);

        assertTrue(without.stdout().get(0).startsWith("missing.example.test all: failed"
                + " java.net.UnknownHostException: Failed to resolve 'missing.example.test'"), without.toString());
        assertEquals(without.stdout(), with.stdout(), with.toString());
        assertEquals(List.of(), with.agentLinesAfterTheBanner(), with.toString());
    }

    /** Names outside the patterns come back as Netty gave them, from the same queries, with no line. */
    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("jdks")
    void namesOutsideThePatternsAreUntouched(int feature) throws Exception {
        ScenarioRun without = run("netty42", feature, null, true).app("other.example.org");
        ScenarioRun with = run("netty42", feature, AGENT, true).app("other.example.org");
        report("other.example.org", without, with);

        assertEquals(List.of("other.example.org all: ::1, 127.0.0.1", "other.example.org one: ::1"),
                without.stdout(), without.toString());
        assertEquals(without.stdout(), with.stdout(), with.toString());
        assertEquals(List.of(), with.agentLinesAfterTheBanner(), with.toString());
        assertEquals(without.queries("other.example.org"), with.queries("other.example.org"), with.toString());
    }

    static Stream<Integer> jdks() {
        return Runtimes.jdks();
    }

    /** log=debug: every lookup through Netty gets the JDK path's debug line, and the patch its own. */
    @Test
    void debugLinesForEveryNettyLookup() throws Exception {
        ScenarioRun with = run("netty41", 17, AGENT + ",log=debug", true).app("db.example.test", "other.example.org");
        report("log=debug", null, with);

        assertEquals(List.of("db.example.test all: 127.0.0.1", "db.example.test one: 127.0.0.1",
                "other.example.org all: ::1, 127.0.0.1", "other.example.org one: ::1"), with.stdout(),
                with.toString());
        List<String> lines = with.result().stderrLines();
        assertTrue(lines.stream().anyMatch(l -> l.matches("\\[dnspatch] patched the DnsNameResolver of Netty"
                + " 4\\.1\\.\\d+\\.Final, class loader .*")), with.toString());
        // The first lookup asked DNS for IPv4 alone; the second came from Netty's cache, which holds that answer.
        assertEquals(List.of("[dnspatch] lookup db.example.test: asked for IPv4 only -> 127.0.0.1",
                "[dnspatch] db.example.test: using 127.0.0.1 (asked DNS for IPv4 only)",
                "[dnspatch] lookup db.example.test: 127.0.0.1 -> 127.0.0.1"),
                lines.stream().filter(l -> l.contains("db.example.test")).collect(Collectors.toList()), with.toString());
        assertEquals(2, lines.stream().filter(l -> l.equals("[dnspatch] lookup other.example.org: ::1, 127.0.0.1"
                + " (not matched, unchanged)")).count(), with.toString());
    }

    /** A Netty the hook cannot serve, the reason it gives, and how that Netty answers without the agent. */
    static Stream<Arguments> unsupported() {
        return Stream.of(
                Arguments.of("netty-unsupported", "Netty 4.1.34.Final is not supported (its lookups hand out the"
                        + " addresses of one family only, and dnspatch needs the whole answer, as Netty 4.1.35 and"
                        + " later give it): its lookups are not patched", "2001:db8::1"),
                Arguments.of("netty-without-hooks", "Netty 4.1.5.Final is not supported (its DnsNameResolver has no"
                        + " doResolveAll(String, DnsRecord[], Promise, DnsCache)): its lookups are not patched",
                        "2001:db8::1"));
    }

    /**
     * A Netty the hook cannot serve (each on the JDK 8 it was made for): one warning naming its
     * version, and Netty resolves exactly as it does without the agent.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("unsupported")
    void anUnsupportedNettyIsLeftAloneWithOneWarning(String netty, String warning, String answer) throws Exception {
        ScenarioRun without = run(netty, 8, null, true).app("db.example.test");
        ScenarioRun with = run(netty, 8, AGENT, true).app("db.example.test");
        report(netty + ", JDK 8", without, with);

        assertEquals(List.of("db.example.test all: " + answer, "db.example.test one: " + answer.split(",")[0]),
                without.stdout(), without.toString());
        assertEquals(without.stdout(), with.stdout(), with.toString());
        assertEquals(List.of("[dnspatch] warning: " + warning), with.agentLinesAfterTheBanner(), with.toString());
        assertEquals(without.queries("db.example.test"), with.queries("db.example.test"), with.toString());
    }

    /** netty=off: Netty's resolver is left alone, and the banner says so. */
    @Test
    void nettyOffLeavesNettyAlone() throws Exception {
        ScenarioRun with = run("netty41", 25, AGENT + ",netty=off", true).app("db.example.test");
        report("netty=off", null, with);

        assertEquals(List.of("db.example.test all: 2001:db8::1, 127.0.0.1", "db.example.test one: 2001:db8::1"),
                with.stdout(), with.toString());
        assertTrue(with.banner().endsWith(", hosts=*.example.test, netty=off"), with.toString());
        assertEquals(List.of(), with.agentLinesAfterTheBanner(), with.toString());
    }

    /** Two copies of Netty in one JVM, each defined by a class loader of the app's: both are patched. */
    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("jdks")
    void everyCopyOfNettyIsPatched(int feature) throws Exception {
        List<String> path = new ArrayList<>(List.of(ForkedJvm.testClasses().toString()));
        AppJars.sets("netty41").forEach(jar -> path.add(jar.toString()));
        String option = "-Dapp.netty.path=" + String.join(File.pathSeparator, path);
        ForkedJvm.Result without = jvm(feature, null, true, option).run(NettyTwoCopiesApp.class.getName(),
                "db.example.test");
        ForkedJvm.Result with = jvm(feature, AGENT + ",log=debug", true, option).run(NettyTwoCopiesApp.class.getName(),
                "db.example.test");

        List<String> copy = List.of("db.example.test all: 127.0.0.1", "db.example.test one: 127.0.0.1");
        assertEquals(List.of("copy 1: its own Netty", "db.example.test all: 2001:db8::1, 127.0.0.1",
                "db.example.test one: 2001:db8::1", "copy 2: its own Netty", "db.example.test all: 2001:db8::1, 127.0.0.1",
                "db.example.test one: 2001:db8::1"), without.stdoutLines(), without.toString());
        List<String> patched = new ArrayList<>(List.of("copy 1: its own Netty"));
        patched.addAll(copy);
        patched.add("copy 2: its own Netty");
        patched.addAll(copy);
        assertEquals(patched, with.stdoutLines(), with.toString());
        List<String> loaders = with.stderrLines().stream()
                .filter(l -> l.startsWith("[dnspatch] patched the DnsNameResolver of Netty ")).collect(Collectors.toList());
        assertEquals(2, loaders.size(), with.toString());
        assertFalse(loaders.get(0).equals(loaders.get(1)), with.toString());
    }

    /**
     * Isolation: the app's own Netty logging (through its SLF4J binding, at debug) says exactly
     * what it says without the agent, once the ids Netty makes up per run are set aside.
     */
    @Test
    void theAppsNettyLoggingIsUnchanged() throws Exception {
        Path config = Files.createDirectories(dir.resolve("logging"));
        Files.writeString(config.resolve("simplelogger.properties"), String.join("\n",
                "org.slf4j.simpleLogger.defaultLogLevel=debug", "org.slf4j.simpleLogger.showThreadName=false",
                "org.slf4j.simpleLogger.logFile=System.out", ""));
        List<Path> logging = List.of(config, AppJars.get("slf4j2-api"), AppJars.get("slf4j2-simple"));
        ScenarioRun without = run("netty41", 17, null, true).classPath(logging)
                .app("other.example.org", "db.example.test");
        ScenarioRun with = run("netty41", 17, AGENT, true).classPath(logging).app("other.example.org", "db.example.test");

        List<String> withoutLog = nettyLog(without.stdout());
        List<String> withLog = nettyLog(with.stdout());
        assertTrue(without.stdout().contains("DEBUG io.netty.resolver.dns.DnsNameResolver - Default"
                + " ResolvedAddressTypes: IPV6_PREFERRED"), without.toString());
        assertTrue(withoutLog.size() > 20, without.toString());
        assertEquals(withoutLog, withLog, with.toString());
        assertTrue(with.stdout().contains("db.example.test all: 127.0.0.1"), with.toString());
    }

    /**
     * The app's Netty log lines in order, up to its lookup of db.example.test (whose queries the
     * agent changes on purpose), without the ids, ports and hash codes that differ from run to run.
     */
    private static List<String> nettyLog(List<String> stdout) {
        List<String> log = new ArrayList<>();
        for (String line : stdout) {
            if (line.contains("db.example.test")) {
                break;
            }
            if (line.startsWith("DEBUG ")) {
                log.add(line.replaceAll("0x[0-9a-f]+|@[0-9a-f]+|[0-9a-f]{1,2}(:[0-9a-f]{1,2}){5,7}", "#")
                        .replaceAll("\\d+", "#"));
            }
        }
        return log;
    }

    private static Launch run(String netty, int feature, String agent, boolean preferIpv6, String... options)
            throws Exception {
        return new Launch(false, netty, feature, agent, preferIpv6, options);
    }

    /** A forked JVM in a run of the scenario of its own, with a DNS query log of its own. */
    private static ForkedJvm jvm(int feature, String agent, boolean preferIpv6, String... options) throws Exception {
        return new Launch(false, null, feature, agent, preferIpv6, options).launch.jvm;
    }

    /** The app about to run, with the Netty library set given. */
    private static final class Launch {
        final ScenarioRun.Launch launch;

        Launch(boolean silentDns, String netty, int feature, String agent, boolean preferIpv6, String... options)
                throws Exception {
            launch = new ScenarioRun.Launch(dir, namespace, zone, feature, agent, preferIpv6,
                    launcher -> silentDns ? launcher.dnsOption("-Ddnsserver.silent=true") : launcher).option(options);
            if (netty != null) {
                launch.classPath(AppJars.sets(netty));
            }
        }

        Launch classPath(List<Path> entries) {
            launch.classPath(entries);
            return this;
        }

        ScenarioRun app(String... hosts) throws Exception {
            return launch.run(APP, hosts);
        }
    }

    /** Prints both runs, and checks that nothing but the agent wrote anything the run without it did not. */
    private static void report(String scenario, ScenarioRun without, ScenarioRun with) {
        ScenarioRun.report("netty resolver", scenario, without, with);
    }

    private static List<String> repeat(List<String> lines, int times) {
        List<String> all = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            all.addAll(lines);
        }
        return all;
    }
}
