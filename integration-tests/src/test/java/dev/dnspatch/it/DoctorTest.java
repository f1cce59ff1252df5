package dev.dnspatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dnspatch.it.apps.JdbcApp;
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
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code java -jar dnspatch-agent.jar doctor} in a namespace with only loopback (so global IPv6
 * has no route), where names come from a real DNS server and a real PostgreSQL listens on
 * 127.0.0.1:5432 and [::1]:5432. The JVM prefers IPv6 ({@code -Djava.net.preferIPv6Addresses=true}).
 * The main cases run on every JDK, the rest on 25: doctor's logic is the same Java 8 bytecode on all.
 */
class DoctorTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    private static Namespace namespace;
    private static Postgres postgres;
    private static DnsServer.Zone zone;

    @BeforeAll
    static void servers() throws Exception {
        PostgresNetwork network = PostgresNetwork.prepare(dir, "127.0.0.1,::1");
        namespace = network.namespace;
        postgres = network.postgres;
        zone = network.zone
                .aaaa("db.example.test", "2001:db8::1").a("db.example.test", "127.0.0.1")
                .aaaa("both.example.test", "::1").a("both.example.test", "127.0.0.1")
                .aaaa("v6only.example.test", "2001:db8::2");
    }

    /** doctor, run inside a fresh namespace with the DNS server and PostgreSQL up. */
    private static ForkedJvm.Result doctor(int feature, String... args) throws Exception {
        return doctor(namespace, feature, args);
    }

    private static ForkedJvm.Result doctor(Namespace network, int feature, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("doctor"));
        command.addAll(List.of(args));
        ForkedJvm.Result run = ForkedJvm.on(postgres.launcher(Jdks.require(feature), network, zone))
                .jvmOption("-Djava.net.preferIPv6Addresses=true").runJar(command.toArray(new String[0]));
        System.out.println("[doctor] " + String.join(" ", command) + " on JDK " + feature + ": exit " + run.exitCode
                + "\n" + run.stdout.indent(4));
        assertEquals("", run.stderr, "doctor writes its report on stdout only, and no stack trace:\n" + run);
        return run;
    }

    static Stream<Integer> jdks() {
        return Runtimes.jdks();
    }

    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("jdks")
    void dualStackWithNoIpv6RouteSuggestsHostsAndThatLineFixesTheApp(int feature) throws Exception {
        ForkedJvm.Result run = doctor(feature, "db.example.test:" + Postgres.PORT);

        assertEquals(1, run.exitCode, run.toString());
        assertTrue(run.stdout.matches("(?s).*\n  A     127\\.0\\.0\\.1 +TTL 1\n  AAAA  2001:db8::1 +TTL 1\n.*"),
                run.toString());
        assertTrue(run.line("DNS").startsWith("127.0.0.1:53 (the system's) answered NOERROR"), run.toString());
        assertTrue(run.line("JVM").endsWith(" gives 2001:db8::1, 127.0.0.1"), run.toString());
        assertTrue(run.stdout.contains("order: IPv6 first (java.net.preferIPv6Addresses=true)"), run.toString());
        // JDK 8 and 11 add " (connect failed)" to the connect's message; doctor shows it as the JDK gave it.
        assertTrue(run.stdout.matches("(?s).*\n  2001:db8::1 +no route \\(Network is unreachable\\);"
                + " TCP failed: Network is unreachable( \\(connect failed\\))?\n.*"), run.toString());
        assertTrue(run.stdout.matches("(?s).*\n  127\\.0\\.0\\.1 +route; TCP connected in \\d+ ms\n.*"),
                run.toString());
        assertEquals("IPv6 is unreachable from here and db.example.test has a working IPv4 address:"
                + " add -javaagent:dnspatch-agent.jar=hosts=db.example.test:ipv4-only", run.line("Verdict"));
        String fix = "-javaagent:" + ForkedJvm.agentJar() + "=hosts=db.example.test:ipv4-only";
        assertEquals("JAVA_TOOL_OPTIONS=\"" + fix + "\"", run.line("Fix"));

        // The line doctor printed is the fix: the same JDBC app fails without it and connects with it.
        String url = "jdbc:postgresql://db.example.test:" + Postgres.PORT + "/postgres?connectTimeout=5";
        ForkedJvm.Result without = jdbcApp(feature).run(JdbcApp.class.getName(), url);
        ForkedJvm.Result with = jdbcApp(feature).env("JAVA_TOOL_OPTIONS", fix).run(JdbcApp.class.getName(), url);
        assertTrue(without.stdout.contains("Network is unreachable"), without.toString());
        assertEquals(1, without.exitCode, without.toString());
        assertTrue(with.stdout.startsWith("ok SELECT 1 = 1, server 127.0.0.1"), with.toString());
        assertEquals(0, with.exitCode, with.toString());
    }

    /**
     * Beside the JVM's order, the order an app resolving through Netty's own resolver would get,
     * by Netty's rules for this machine: IPv4 alone without an IPv6 address on an interface (what
     * preferIPv6Addresses=true does not change), IPv6 first with one, and one family only where
     * resolv.conf's attempts:1 leaves Netty one query per lookup.
     */
    @Test
    void nettysOrderIsShownBesideTheJvms() throws Exception {
        ForkedJvm.Result loopbackOnly = doctor(25, "db.example.test");
        assertEquals("an app resolving with Netty's DnsNameResolver (Vert.x, reactor-netty, Lettuce) would get"
                + " 127.0.0.1", loopbackOnly.line("Netty"), loopbackOnly.toString());
        assertTrue(loopbackOnly.stdout.contains("\n  order: IPv4 only (IPV4_ONLY: no interface has an IPv6 address"
                + " but loopback and link-local ones)\n  note: Netty does not read java.net.preferIPv6Addresses as"
                + " the JDK does: "), loopbackOnly.toString());

        Namespace ula = namespace.withUlaAddress();
        ForkedJvm.Result withUla = doctor(ula.withResolvConf("nameserver 127.0.0.1", "options timeout:1"), 25,
                "db.example.test");
        assertTrue(withUla.line("Netty").endsWith(" would get 2001:db8::1, 127.0.0.1"), withUla.toString());
        assertTrue(withUla.stdout.contains("\n  order: IPv6 first (IPV6_PREFERRED: java.net.preferIPv6Addresses=true"
                + " and this machine has fd00::2 on dnspatch0)\n"), withUla.toString());
        assertFalse(withUla.stdout.contains("note:"), withUla.toString());

        ForkedJvm.Result oneQuery = doctor(ula, 17, "db.example.test", "--json");
        JsonNode netty = JSON.readTree(oneQuery.stdout).get("netty");
        assertEquals("IPV6_PREFERRED", netty.get("addressTypes").asText(), oneQuery.toString());
        assertEquals(List.of("2001:db8::1"), List.of(netty.get("addresses").get(0).asText()), oneQuery.toString());
        assertEquals(1, netty.get("addresses").size(), oneQuery.toString());
        assertTrue(netty.get("oneQueryPerLookup").asBoolean(), oneQuery.toString());
        assertTrue(netty.get("note").asText().contains("resolv.conf's attempts:1 lets Netty send one query per lookup,"
                + " so it asks for IPv6 alone"), oneQuery.toString());
    }

    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("jdks")
    void dualStackWhereBothFamiliesWorkIsHealthy(int feature) throws Exception {
        ForkedJvm.Result run = doctor(feature, "both.example.test:" + Postgres.PORT);

        assertEquals(0, run.exitCode, run.toString());
        assertTrue(run.line("JVM").endsWith(" gives ::1, 127.0.0.1"), run.toString());
        assertTrue(run.stdout.matches("(?s).*\n  ::1 +route; TCP connected in \\d+ ms\n.*"), run.toString());
        assertTrue(run.stdout.matches("(?s).*\n  127\\.0\\.0\\.1 +route; TCP connected in \\d+ ms\n.*"),
                run.toString());
        assertTrue(run.line("Verdict").matches("both\\.example\\.test is reachable as this JVM connects:"
                + " ::1 accepts TCP in \\d+ ms; nothing to fix"), run.toString());
        assertFalse(run.stdout.contains("Fix:"), run.toString());
    }

    /**
     * A route to IPv6 exists but drops every packet, so the connect times out: the verdict says
     * which family works, and that mode=auto (which only checks routes) would not help.
     */
    @Test
    void aRouteThatDropsPacketsIsToldApartFromNoRoute() throws Exception {
        ForkedJvm.Result run = doctor(namespace.withSilentIpv6Route(), 25,
                "db.example.test:" + Postgres.PORT, "--timeout", "1500");

        assertEquals(1, run.exitCode, run.toString());
        assertTrue(run.stdout.matches("(?s).*\n  2001:db8::1 +route; TCP failed: [^\n]*\n.*"), run.toString());
        assertTrue(run.stdout.matches("(?s).*\n  127\\.0\\.0\\.1 +route; TCP connected in \\d+ ms\n.*"),
                run.toString());
        String verdict = run.line("Verdict");
        assertTrue(verdict.startsWith("connecting over IPv6 fails ("), run.toString());
        assertTrue(verdict.endsWith(" and db.example.test has a working IPv4 address:"
                + " add -javaagent:dnspatch-agent.jar=hosts=db.example.test:ipv4-only (mode=auto would not help: a route exists)"),
                run.toString());
    }

    @Test
    void anIpv6OnlyNameIsBeyondDnspatch() throws Exception {
        ForkedJvm.Result run = doctor(25, "v6only.example.test");

        assertEquals(1, run.exitCode, run.toString());
        assertEquals("IPv6 is unreachable from here and v6only.example.test has no IPv4 address: dnspatch cannot"
                + " help; use an IPv4 endpoint (for example the provider's connection pooler) or give this machine"
                + " IPv6 connectivity", run.line("Verdict"));
        assertFalse(run.stdout.contains("Fix:"), run.toString());
    }

    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("jdks")
    void aNameThatDoesNotExistIsNxdomain(int feature) throws Exception {
        ForkedJvm.Result run = doctor(feature, "missing.example.test");

        assertEquals(1, run.exitCode, run.toString());
        assertEquals("127.0.0.1:53 (the system's) answered NXDOMAIN: no such name", run.line("DNS"));
        assertTrue(run.line("JVM").contains(" fails: "), run.toString());
        assertEquals("missing.example.test does not exist: 127.0.0.1:53 answered NXDOMAIN; check the name",
                run.line("Verdict"));
    }

    @Test
    void aDnsServerThatIsNotThereIsOneClearLine() throws Exception {
        ForkedJvm.Result closed = doctor(25, "both.example.test", "--dns", "127.0.0.9", "--timeout", "2000");
        ForkedJvm.Result noRoute = doctor(25, "both.example.test", "--dns", "192.0.2.53");

        assertEquals(1, closed.exitCode, closed.toString());
        assertEquals("no answer (127.0.0.9:53: nothing listens there (port unreachable))", closed.line("DNS"));
        // The JVM's own resolver still works: it asks the system's server.
        assertEquals("this JVM reaches both.example.test at ::1, but no DNS server answered doctor (127.0.0.9:53:"
                + " nothing listens there (port unreachable)): check --dns or resolv.conf", closed.line("Verdict"));
        assertEquals(1, noRoute.exitCode, noRoute.toString());
        assertEquals("no answer (192.0.2.53:53: Network is unreachable)", noRoute.line("DNS"));
    }

    /** No DNS server at all in the namespace: both views fail, and doctor says so without a stack trace. */
    @Test
    void withNoDnsServerAtAllBothViewsFailInOneLine() throws Exception {
        ForkedJvm.Result run = ForkedJvm.on(Jdks.require(25)).in(namespace)
                .runJar("doctor", "db.example.test", "--timeout", "2000");

        assertEquals(1, run.exitCode, run.toString());
        assertEquals("", run.stderr, run.toString());
        assertTrue(run.line("Verdict").startsWith("no DNS server answered (127.0.0.1:53: nothing listens there"
                + " (port unreachable)) and this JVM cannot resolve db.example.test"), run.toString());
    }

    /** A short name is looked up in the search domains of resolv.conf, as the JVM's resolver does. */
    @Test
    void aShortNameIsAskedInTheSearchDomains() throws Exception {
        Path searchDir = Files.createDirectories(dir.resolve("search"));
        Namespace searching = Namespace.withHosts(searchDir);
        Files.write(searchDir.resolve("resolv.conf"), List.of("nameserver 127.0.0.1", "search example.test",
                "options timeout:1 attempts:1"));
        ForkedJvm.Result run = ForkedJvm.on(postgres.launcher(Jdks.require(25), searching, zone))
                .runJar("doctor", "both");
        System.out.println("[doctor] doctor both, search example.test: exit " + run.exitCode + "\n"
                + run.stdout.indent(4));

        assertEquals(0, run.exitCode, run.toString());
        assertEquals("127.0.0.1:53 (the system's) answered NOERROR for both.example.test", run.line("DNS"));
        assertTrue(run.line("JVM").endsWith(" gives 127.0.0.1, ::1"), run.toString());
    }

    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("jdks")
    void jsonParsesAndCarriesTheSameFindings(int feature) throws Exception {
        ForkedJvm.Result run = doctor(feature, "db.example.test:" + Postgres.PORT, "--json");

        assertEquals(1, run.exitCode, run.toString());
        JsonNode report = JSON.readTree(run.stdout);
        assertEquals("db.example.test", report.get("host").asText());
        assertEquals(Postgres.PORT, report.get("port").asInt());
        assertEquals("NOERROR", report.at("/dns/status").asText());
        assertEquals("db.example.test", report.at("/dns/name").asText());
        assertEquals(List.of("A 127.0.0.1 1", "AAAA 2001:db8::1 1"), records(report));
        assertEquals("2001:db8::1", report.at("/jvm/addresses/0").asText());
        assertEquals("true", report.at("/jvm/preferIPv6Addresses").asText());
        assertFalse(report.at("/addresses/0/route").asBoolean());
        assertEquals("Network is unreachable", report.at("/addresses/0/noRouteReason").asText());
        assertTrue(report.at("/addresses/1/tcp/connected").asBoolean());
        assertEquals("wrong-family", report.at("/verdict/kind").asText());
        assertEquals("hosts=db.example.test:ipv4-only", report.at("/verdict/agentArguments").asText());
        assertEquals(1, report.get("exitCode").asInt());

        JsonNode nxdomain = JSON.readTree(doctor(feature, "missing.example.test", "--json").stdout);
        assertEquals("nxdomain", nxdomain.at("/verdict/kind").asText());
        assertTrue(nxdomain.get("port").isNull());
        assertTrue(nxdomain.at("/verdict/javaToolOptions").isNull());
    }

    @Test
    void badUsageExitsTwo() throws Exception {
        for (String[] args : new String[][] {{"doctor"}, {"doctor", "db.example.test:99999"},
                {"doctor", "db.example.test", "--timeout", "soon"}, {"doctor", "a.example.test", "b.example.test"},
                {"doctor", "db.example.test", "--colour"}}) {
            ForkedJvm.Result run = ForkedJvm.on(Jdks.require(25)).runJar(args);

            assertEquals(2, run.exitCode, run.toString());
            assertTrue(run.stderr.startsWith("dnspatch doctor: "), run.toString());
            assertTrue(run.stderr.contains("usage: java -jar dnspatch-agent.jar doctor HOST[:PORT]"), run.toString());
            assertEquals("", run.stdout, run.toString());
        }
    }

    private static List<String> records(JsonNode report) {
        List<String> records = new ArrayList<>();
        report.at("/dns/records").forEach(r -> records.add(r.get("type").asText() + " " + r.get("value").asText()
                + " " + r.get("ttl").asLong()));
        return records;
    }

    private static ForkedJvm jdbcApp(int feature) throws Exception {
        return ForkedJvm.on(postgres.launcher(Jdks.require(feature), namespace, zone))
                .jvmOption("-Djava.net.preferIPv6Addresses=true").classPath(Paths.get(System.getProperty("dnspatch.test.pgjdbc")))
                .env("DB_USER", Postgres.USER)
                .env("DB_PASSWORD", postgres.password());
    }
}
