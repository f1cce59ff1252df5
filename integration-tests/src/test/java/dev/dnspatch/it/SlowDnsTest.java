package dev.dnspatch.it;

import static dev.dnspatch.it.support.Shell.quote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dnspatch.it.apps.TimedLookupApp;
import dev.dnspatch.it.support.DnsServer;
import dev.dnspatch.it.support.ForkedJvm;
import dev.dnspatch.it.support.Jdks;
import dev.dnspatch.it.support.Namespace;
import dev.dnspatch.it.support.Runtimes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A matching name while its DNS server is slow (every reply 600 ms late), silent (it gets the
 * queries and never answers: glibc's 1 s timeout runs out) or down (nothing listens on port 53:
 * refused at once). glibc asks the namespace's real DNS server over the wire, and the server
 * logs every query it gets, so the test counts them with and without the agent.
 *
 * <p>With the agent the app gets the same outcome, filtered: the same IPv4 address, or the same
 * {@code UnknownHostException}. The instrumentation engine sends exactly the queries glibc sends
 * without it. The resolver provider in {@code ipv4-only} asks the JVM's builtin resolver for IPv4
 * alone, so glibc sends the A queries it sends without the agent and no AAAA query: fewer
 * queries, never more. Where nothing answers, the provider does not ask again to explain the
 * failure: it does only after a failure quicker than 250 ms, such as a refused one, where asking
 * again costs milliseconds and reaches no server. The lookup's time is measured inside the app and
 * compared side by side with a bound that only a second timeout or a second slow reply would break.
 */
class SlowDnsTest {
    private static final String HOST = "db.example.test";
    private static final String APP = TimedLookupApp.class.getName();

    @TempDir
    static Path dir;
    private static Namespace namespace;
    private static DnsServer.Zone zone;

    @BeforeAll
    static void namespace() throws Exception {
        Namespace.assumeAvailable();
        namespace = Namespace.withHosts(dir); // the name comes from DNS only
        zone = DnsServer.Zone.at(dir.resolve("zone")).a(HOST, "127.0.0.1").aaaa(HOST, "2001:db8::1");
    }

    /** JDK, agent arguments for the engine, and whether it is the resolver provider (which asks IPv4 only). */
    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (String server : List.of("slow", "silent", "down")) {
            cases.addAll(withServer(server));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "DNS {0}, JDK {1}{2}")
    @MethodSource("cases")
    void aMatchingNameBehavesAsWithoutTheAgentApartFromTheFiltering(String server, int jdk, String engine,
            boolean asksIpv4Only) throws Exception {
        Path withoutLog = dir.resolve(server + "-" + jdk + engine + "-without.log");
        Path withLog = dir.resolve(server + "-" + jdk + engine + "-with.log");
        ForkedJvm.Result without = app(server, jdk, withoutLog).run(APP, HOST);
        ForkedJvm.Result with = app(server, jdk, withLog).withAgent("hosts=*.example.test,log=off" + engine)
                .run(APP, HOST);
        Queries before = Queries.in(withoutLog, HOST);
        Queries after = Queries.in(withLog, HOST);
        System.out.println("[slow dns] " + server + ", JDK " + jdk + engine + ": without the agent "
                + without.line("answer") + ", " + before + ", " + without.stdoutLines().get(1) + "; with it "
                + with.line("answer") + ", " + after + ", " + with.stdoutLines().get(1));

        // The same outcome, filtered.
        String expected = without.line("answer").replace(" 2001:db8:0:0:0:0:0:1", "").replace("ok 2001:db8:0:0:0:0:0:1 ", "ok ");
        assertEquals(expected, with.line("answer"), with::toString);
        if (server.equals("slow")) {
            assertEquals("ok 127.0.0.1", with.line("answer"), with::toString);
        } else {
            assertTrue(with.line("answer").startsWith("UnknownHostException: " + HOST + ": "), with::toString);
        }
        // No query more than without the agent; the provider leaves out exactly the AAAA ones.
        assertEquals(before.a, after.a, "A queries");
        assertEquals(asksIpv4Only ? 0 : before.aaaa, after.aaaa, "AAAA queries");
        if (!server.equals("down")) {
            assertTrue(before.a > 0 && before.aaaa > 0, "the server saw no query: " + before);
        }
        // No longer wait: a second timeout (1 s) or a second slow reply (600 ms) would break this.
        long tookWithout = took(without);
        long tookWith = took(with);
        assertTrue(tookWith <= tookWithout + 400, "took " + tookWith + " ms with the agent, " + tookWithout
                + " ms without");
    }

    /**
     * The one case with more queries: a matching name that does not exist, on a server that
     * answers at once. The provider's IPv4-only lookup fails in a few milliseconds, and a quick
     * failure cannot tell "no such name" from "no IPv4 address" (the IPv6-only hosts that the
     * explanation is for), so it looks the name up in full: one A query, then the A and AAAA
     * queries glibc sends without the agent. The app gets the same exception; a slow or silent
     * server is never asked twice (above).
     */
    @ParameterizedTest(name = "JDK {1}{2}")
    @MethodSource("engines")
    void aMissingMatchingNameOnAFastServerIsAskedAgainOnlyByTheProvider(String server, int jdk, String engine,
            boolean asksIpv4Only) throws Exception {
        String missing = "missing.example.test";
        Path withoutLog = dir.resolve("missing-" + jdk + engine + "-without.log");
        Path withLog = dir.resolve("missing-" + jdk + engine + "-with.log");
        ForkedJvm.Result without = app(server, jdk, withoutLog).run(APP, missing);
        ForkedJvm.Result with = app(server, jdk, withLog).withAgent("hosts=*.example.test,log=off" + engine)
                .run(APP, missing);
        Queries before = Queries.in(withoutLog, missing);
        Queries after = Queries.in(withLog, missing);
        System.out.println("[slow dns] missing name, fast server, JDK " + jdk + engine + ": without the agent "
                + before + ", with it " + after);

        assertTrue(without.line("answer").startsWith("UnknownHostException: " + missing), without::toString);
        assertEquals(without.line("answer"), with.line("answer"), with::toString);
        assertEquals(new Queries(1, 1), before);
        assertEquals(asksIpv4Only ? new Queries(2, 1) : before, after);
    }

    static Stream<Arguments> engines() {
        return withServer("fast").stream();
    }

    /** (server, JDK, agent arguments for the engine, whether it is the resolver provider) for every runtime. */
    private static List<Arguments> withServer(String server) {
        return Runtimes.everyEngine().map(Arguments::get)
                .map(runtime -> Arguments.of(server, runtime[0], runtime[1], runtime[2].equals("engine=spi")))
                .collect(Collectors.toList());
    }

    /** The app's JVM, in a fresh namespace whose DNS server plays the given part. */
    private ForkedJvm app(String server, int jdk, Path queryLog) throws Exception {
        Path java = Jdks.require(jdk);
        ForkedJvm jvm;
        if (server.equals("down")) {
            jvm = ForkedJvm.on(java).in(namespace);
            Files.createFile(queryLog);
        } else {
            String option = server.equals("slow") ? "-Ddnsserver.delay.ms=600"
                    : server.equals("silent") ? "-Ddnsserver.silent=true" : "-Ddnsserver.delay.ms=0";
            jvm = ForkedJvm.on(launcher(java, option, queryLog));
        }
        return jvm.jvmOption("-Djava.net.preferIPv6Addresses=true");
    }

    /**
     * A stand-in for {@code java} that starts the DNS server inside the app's namespace, waits
     * until it listens, runs java, then stops it. The server's log of queries goes to queryLog.
     */
    private Path launcher(Path java, String serverOption, Path queryLog) throws Exception {
        List<String> dns = new ArrayList<>(DnsServer.command(zone));
        dns.add(1, serverOption);
        String script = String.join("\n",
                "ready=" + quote(dir.toString()) + "/dns.ready.$$",
                "env -u JAVA_TOOL_OPTIONS -u JDK_JAVA_OPTIONS -u _JAVA_OPTIONS " + quote(dns) + " \"$ready\" >"
                        + quote(queryLog.toString()) + " 2>&1 &",
                "dns=$!",
                "i=0; while [ ! -e \"$ready\" ] && [ $i -lt 600 ]; do sleep 0.05; i=$((i + 1)); done",
                "[ -e \"$ready\" ] || { echo 'the DNS server did not start' >&2; cat " + quote(queryLog.toString())
                        + " >&2; kill $dns; exit 97; }",
                quote(java.toString()) + " \"$@\"",
                "code=$?",
                "kill $dns; wait $dns 2>/dev/null",
                "exit $code");
        List<String> command = namespace.wrap(List.of("/bin/sh", "-c", script, "dnspatch-slow-dns"));
        Path launcher = Files.createTempFile(dir, "java-", "");
        Files.writeString(launcher, "#!/bin/sh\nexec " + quote(command) + " \"$@\"\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        return launcher;
    }

    private static long took(ForkedJvm.Result run) {
        String line = run.stdoutLines().get(1);
        return Long.parseLong(line.substring("took ".length(), line.length() - " ms".length()));
    }

    /** The A and AAAA queries for the host that the server logged. */
    private record Queries(long a, long aaaa) {
        static Queries in(Path log, String host) throws Exception {
            List<String> lines = Files.readAllLines(log);
            return new Queries(lines.stream().filter(l -> l.startsWith(host + ". A ")).count(),
                    lines.stream().filter(l -> l.startsWith(host + ". AAAA ")).count());
        }

        @Override
        public String toString() {
            return a + " A and " + aaaa + " AAAA queries";
        }
    }
}
