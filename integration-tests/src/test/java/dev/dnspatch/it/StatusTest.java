package dev.dnspatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dnspatch.it.apps.CountedLookupsApp;
import dev.dnspatch.it.apps.LookupLoopApp;
import dev.dnspatch.it.apps.NettyResolveApp;
import dev.dnspatch.it.support.AppJars;
import dev.dnspatch.it.support.ForkedJvm;
import dev.dnspatch.it.support.Jdks;
import dev.dnspatch.it.support.Namespace;
import dev.dnspatch.it.support.OtherUsers;
import dev.dnspatch.it.support.Runtimes;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code status} against running apps, as an operator runs it: from outside, on the app's own JDK,
 * reading the app's perf data. The app makes a known number of lookups with the JVM's caches
 * off (for failed lookups too, which only the security property switches off), in a namespace
 * whose hosts file gives {@code db.example.test} an IPv6 and an IPv4 address and
 * {@code v6only.example.test} an IPv6 address alone; status's counts must be those lookups.
 * Nothing may reach the app: no agent (no JDK 21+ warning), no Attach Listener thread.
 */
class StatusTest {
    private static final String APP = CountedLookupsApp.class.getName();
    private static final int ROUNDS = 3;
    private static final String NO_CACHE = "-Dsun.net.inetaddr.ttl=0";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    private static Namespace namespace;
    private static Path noCache;

    @BeforeAll
    static void namespace() throws Exception {
        Namespace.assumeAvailable();
        noCache = dir.resolve("no-cache.security");
        Files.writeString(noCache, "networkaddress.cache.ttl=0\nnetworkaddress.cache.negative.ttl=0\n");
        namespace = Namespace.withHosts(dir, "2001:db8::1 db.example.test", "127.0.0.1 db.example.test",
                "2001:db8::2 v6only.example.test", "127.0.0.1 other.example.org");
    }

    static Stream<Arguments> runtimes() {
        return Runtimes.everyEngine();
    }

    private static ForkedJvm app(int feature) {
        return ForkedJvm.on(Jdks.require(feature)).in(namespace).jvmOption("-Djava.net.preferIPv6Addresses=true")
                .jvmOption("-Djava.security.properties=" + noCache);
    }

    /** Starts the app and waits until it made its lookups; returns its PID. */
    private static String started(ForkedJvm.Running app) throws Exception {
        String pid = app.awaitLine(line -> line.startsWith("pid: "), 30_000).substring("pid: ".length());
        app.awaitLine(line -> line.equals("done"), 60_000);
        return pid;
    }

    @ParameterizedTest(name = "JDK {0}{1}")
    @MethodSource("runtimes")
    void theCountsAreTheLookupsTheAppMade(int feature, String engine, String bannerEngine) throws Exception {
        Path java = Jdks.require(feature);
        try (ForkedJvm.Running app = app(feature).withAgent("hosts=*.example.test" + engine)
                .start(APP, String.valueOf(ROUNDS), "db.example.test", "v6only.example.test", "other.example.org")) {
            String pid = started(app);
            List<String> made = app.stdoutLines();
            assertEquals(ROUNDS, made.stream().filter(l -> l.equals("db.example.test: 127.0.0.1")).count(), app.toString());
            assertEquals(ROUNDS, made.stream().filter(l -> l.startsWith("v6only.example.test: failed")).count(),
                    app.toString());

            ForkedJvm.Result text = ForkedJvm.on(java).runJar("status", pid);
            ForkedJvm.Result json = ForkedJvm.on(java).runJar("status", pid, "--json");
            ForkedJvm.Result listing = ForkedJvm.on(java).runJar("status");
            System.out.println("[status] JDK " + feature + engine + ":\n" + text.stdout + json.stdout);

            assertEquals(0, text.exitCode, text.toString());
            List<String> lines = text.stdoutLines();
            String version = feature == 8 ? "1\\.8\\.0_\\d+" : feature + "[.\\d]*";
            assertTrue(lines.get(0).matches("dnspatch status: JVM " + pid + " \\(JDK " + version + ", " + APP.replace(".",
                    "\\.") + "\\) runs dnspatch \\S+, patching:"), text.toString());
            assertTrue(lines.get(1).matches("  engine: " + bannerEngine.substring("engine=".length()) + "( \\(.*\\))?"),
                    text.toString());
            assertEquals(List.of("  rules:  *.example.test:ipv4-only", "  netty:  on, no copy of Netty's resolver"
                    + " loaded so far"), lines.subList(2, 4), text.toString());
            assertEquals(List.of("host", "lookups", "changed", "nothing", "left", "last", "answer"),
                    List.of(lines.get(4).trim().split("\\s+")), text.toString());
            assertEquals(List.of("db.example.test", "3", "3", "0", "127.0.0.1"), List.of(lines.get(5).trim().split("\\s+")),
                    text.toString());
            assertEquals(List.of("v6only.example.test", "3", "0", "3", "nothing", "(removed", "2001:db8::2)"),
                    List.of(lines.get(6).trim().split("\\s+")), text.toString());
            assertEquals(7, lines.size(), text.toString());

            assertEquals(0, json.exitCode, json.toString());
            JsonNode report = JSON.readTree(json.stdout);
            assertEquals(pid, report.get("pid").asText());
            assertEquals("patching", report.get("state").asText());
            assertTrue(report.get("dnspatch").asBoolean());
            assertEquals("*.example.test", report.at("/rules/0/pattern").asText());
            assertEquals("ipv4-only", report.at("/rules/0/mode").asText());
            assertEquals("db.example.test", report.at("/hosts/0/host").asText());
            assertEquals(ROUNDS, report.at("/hosts/0/lookups").asInt());
            assertEquals(ROUNDS, report.at("/hosts/0/changed").asInt());
            assertEquals(0, report.at("/hosts/0/nothingLeft").asInt());
            assertEquals("127.0.0.1", report.at("/hosts/0/lastAnswer").asText());
            assertEquals(ROUNDS, report.at("/hosts/1/nothingLeft").asInt());
            assertEquals(2, report.get("hosts").size());

            assertEquals(0, listing.exitCode, listing.toString());
            assertTrue(listing.stdoutLines().contains(pid + " " + APP + ": " + report.get("version").asText()
                    + ", patching, engine=" + report.get("engine").asText() + ", 1 rule, 2 hosts: 6 lookups, 3 changed,"
                    + " 3 left with nothing"), listing.toString());

            assertNothingReachedTheApp(app, pid);
        }
    }

    /** What status must leave as it found it: no agent loaded (JDK 21+ would say so), no Attach Listener. */
    private static void assertNothingReachedTheApp(ForkedJvm.Running app, String pid) throws IOException {
        assertTrue(app.isAlive(), app.toString());
        assertFalse(app.stderr().contains("WARNING"), app.toString());
        assertFalse(threads(pid).contains("Attach Listener"), threads(pid).toString());
        assertFalse(Files.exists(Path.of("/tmp/.java_pid" + pid)), "an attach socket exists");
    }

    private static List<String> threads(String pid) throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", pid, "task"))) {
            for (Path task : tasks) {
                names.add(Files.readString(task.resolve("comm")).trim());
            }
        }
        return names;
    }

    /** An app on Netty's own resolver: its copy of Netty is shown patched, and its lookups counted. */
    @Test
    void theNettyCopyPatchedIsShownAndItsLookupsCounted() throws Exception {
        Path java = Jdks.require(17);
        try (ForkedJvm.Running app = ForkedJvm.on(java).in(namespace).classPath(AppJars.sets("netty41"))
                .jvmOption("-Dapp.rounds=2").jvmOption("-Dapp.pause.ms=30000").withAgent("hosts=*.example.test")
                .start(NettyResolveApp.class.getName(), "db.example.test")) {
            app.awaitLine(line -> line.startsWith("db.example.test one: "), 30_000);
            String pid = String.valueOf(app.process().pid());

            ForkedJvm.Result text = ForkedJvm.on(java).runJar("status", pid);

            assertEquals(0, text.exitCode, text.toString());
            assertTrue(text.stdoutLines().stream().anyMatch(line -> line.startsWith("  netty:  on, 1 copy patched: Netty 4.")
                    && line.endsWith(" (io.netty, class loader app)")), text.toString());
            // The whole answer and the lookup of one address each reach the policy (the second through
            // Netty's lookup of the whole answer), from the hosts file, which Netty does not cache.
            List<String> row = List.of(text.stdoutLines().get(5).trim().split("\\s+"));
            assertEquals(List.of("db.example.test", "2"), row.subList(0, 2), text.toString());
            assertEquals("127.0.0.1", row.get(row.size() - 1), text.toString());
        }
    }

    /**
     * Before its first lookup dnspatch has published nothing: status reads the rules from the
     * command line and the environment, as premain read them.
     */
    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {8, 17, 25})
    void beforeTheFirstLookupTheRulesComeFromTheCommandLineAndEnvironment(int feature) throws Exception {
        Path java = Jdks.require(feature);
        try (ForkedJvm.Running app = app(feature).withAgent(null)
                .env("DNSPATCH_HOSTS", "db.example.test,*.corp.internal:ipv6-first").start(APP, "0")) {
            String pid = started(app);

            ForkedJvm.Result text = ForkedJvm.on(java).runJar("status", pid);

            assertEquals(0, text.exitCode, text.toString());
            assertEquals(List.of("dnspatch status: JVM " + pid + " (JDK " + javaVersion(text) + ", " + APP + ") has"
                    + " dnspatch (-javaagent:" + ForkedJvm.agentJar() + "), which publishes what it does at its first"
                    + " lookup of a host it applies to: none so far", "  rules:  db.example.test:ipv4-only,"
                    + " *.corp.internal:ipv6-first (read from its options)"), text.stdoutLines());
            assertNothingReachedTheApp(app, pid);
        }
    }

    private static String javaVersion(ForkedJvm.Result text) {
        String first = text.stdoutLines().get(0);
        return first.substring(first.indexOf("(JDK ") + 5, first.indexOf(", "));
    }

    /** A JVM without dnspatch: exit 1, and the two ways to add it, with this jar's path and the PID. */
    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {8, 25})
    void aJvmWithoutDnspatchIsToldHowToAddIt(int feature) throws Exception {
        Path java = Jdks.require(feature);
        try (ForkedJvm.Running app = app(feature).start(APP, "1", "db.example.test")) {
            String pid = started(app);

            ForkedJvm.Result text = ForkedJvm.on(java).runJar("status", pid);
            ForkedJvm.Result json = ForkedJvm.on(java).runJar("status", pid, "--json");

            String jar = ForkedJvm.agentJar().toString();
            assertEquals(1, text.exitCode, text.toString());
            assertEquals(List.of("dnspatch status: JVM " + pid + " (JDK " + javaVersion(text) + ", " + APP + ") does not"
                    + " run dnspatch. To patch it:", "  from its next start: add -javaagent:" + jar + "=hosts=YOUR.HOST"
                    + " to its command line, or set JAVA_TOOL_OPTIONS=\"-javaagent:" + jar + "=hosts=YOUR.HOST\"",
                    "  now, with no restart: java -jar " + jar + " attach " + pid + " hosts=YOUR.HOST"),
                    text.stdoutLines());
            assertEquals(1, json.exitCode, json.toString());
            JsonNode report = JSON.readTree(json.stdout);
            assertEquals("not-loaded", report.get("state").asText());
            assertFalse(report.get("dnspatch").asBoolean());
            assertNothingReachedTheApp(app, pid);
        }
    }

    /** dnspatch loaded with nothing to do: no hosts, or options it refused. Exit 1, and why. */
    @Test
    void dnspatchWithNothingToDoIsExitOne() throws Exception {
        Path java = Jdks.require(17);
        try (ForkedJvm.Running none = app(17).withAgent(null).start(APP, "0");
                ForkedJvm.Running refused = app(17).withAgent("hosts=db.example.test:ipv5").start(APP, "1",
                        "db.example.test")) {
            String nonePid = started(none);
            String refusedPid = started(refused);

            ForkedJvm.Result noHosts = ForkedJvm.on(java).runJar("status", nonePid);
            ForkedJvm.Result bad = ForkedJvm.on(java).runJar("status", refusedPid);

            assertEquals(1, noHosts.exitCode, noHosts.toString());
            assertTrue(noHosts.stdout.contains(") has dnspatch (-javaagent:" + ForkedJvm.agentJar() + ") with no hosts"
                    + " configured: it patches nothing"), noHosts.toString());
            assertEquals(1, bad.exitCode, bad.toString());
            assertTrue(bad.stdout.contains("), but its options are refused: the mode of db.example.test in hosts must"
                    + " be one of ipv4-only, ipv4-first, ipv6-only, ipv6-first, auto [ipv5]; it runs unpatched"),
                    bad.toString());
            assertTrue(refused.stderr().contains("[dnspatch] error: the mode of db.example.test in hosts must be one of"
                    + " ipv4-only, ipv4-first, ipv6-only, ipv6-first, auto [ipv5]; the app runs unpatched"),
                    refused.toString());
        }
    }

    /**
     * An attach publishes at once: status shows its rules and engine, then the switch off; the
     * attach's own report shows the rules too.
     */
    @Test
    void anAttachIsShownAtOnceAndSoIsItsSwitchOff() throws Exception {
        Path java = Jdks.require(17);
        try (ForkedJvm.Running app = ForkedJvm.on(java).in(namespace).start(LookupLoopApp.class.getName(), "200",
                "60000", "db.example.test")) {
            String pid = app.awaitLine(line -> line.startsWith("pid: "), 20_000).substring("pid: ".length());
            assertEquals(1, ForkedJvm.on(java).runJar("status", pid).exitCode);

            ForkedJvm.Result attach = ForkedJvm.on(java).runJar("attach", pid, "hosts=db.example.test:ipv4-first");
            ForkedJvm.Result patched = ForkedJvm.on(java).runJar("status", pid);
            ForkedJvm.Result off = ForkedJvm.on(java).runJar("attach", pid, "--off");
            ForkedJvm.Result switchedOff = ForkedJvm.on(java).runJar("status", pid);

            assertEquals(0, attach.exitCode, attach.toString());
            assertEquals("  engine=instrument, mode=ipv4-only, hosts=db.example.test:ipv4-first, netty=on",
                    attach.stdoutLines().get(1), attach.toString());
            assertEquals(0, patched.exitCode, patched.toString());
            assertTrue(patched.stdoutLines().get(0).endsWith(" runs dnspatch " + version(patched) + ", patching:"),
                    patched.toString());
            assertEquals(List.of("  engine: instrument", "  rules:  db.example.test:ipv4-first"),
                    patched.stdoutLines().subList(1, 3), patched.toString());
            assertEquals(1, switchedOff.exitCode, switchedOff.toString());
            assertTrue(switchedOff.stdoutLines().get(0).endsWith(", switched off by attach --off: the JDK's own"
                    + " answers:"), switchedOff.toString());
        }
    }

    private static String version(ForkedJvm.Result status) {
        String first = status.stdoutLines().get(0);
        int start = first.indexOf(" runs dnspatch ") + " runs ".length();
        return first.substring(start + "dnspatch ".length(), first.indexOf(',', start));
    }

    /**
     * Another user's JVM: its perf data is that user's alone, so status says whom to run as; root
     * reads it, as jps does.
     */
    @Test
    void anotherUsersJvmIsOneLineThatSaysWhoToRunAsAndRootReadsIt() throws Exception {
        Path java = Jdks.require(17);
        OtherUsers.assumeAvailable();
        List<String> command = new ArrayList<>(List.of(java.toString(), NO_CACHE, "-javaagent:"
                + ForkedJvm.agentJar() + "=hosts=localhost", "-cp", ForkedJvm.testClasses().toString(), APP, "2",
                "localhost"));
        ProcessBuilder builder = new ProcessBuilder(OtherUsers.as(OtherUsers.NOBODY, command)).redirectErrorStream(true);
        // The test's own settings (test.sh's DNSPATCH_TEST_JDK*) would be the app's options: premain refuses them.
        builder.environment().keySet().removeIf(name -> name.startsWith("DNSPATCH_") || name.endsWith("JAVA_OPTIONS")
                || name.equals("JAVA_TOOL_OPTIONS"));
        Process app = builder.start();
        try {
            String pid = String.valueOf(app.pid());
            List<String> output = new ArrayList<>();
            try (java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(
                    app.getInputStream()))) {
                for (String line = out.readLine(); line != null && !line.equals("done"); line = out.readLine()) {
                    output.add(line);
                }
                Process status = new ProcessBuilder(OtherUsers.as(OtherUsers.POSTGRES, List.of(java.toString(), "-jar",
                        ForkedJvm.agentJar().toString(), "status", pid))).redirectErrorStream(true).start();
                String asPostgres = new String(status.getInputStream().readAllBytes()).trim();
                assertTrue(status.waitFor(60, TimeUnit.SECONDS));
                ForkedJvm.Result asRoot = ForkedJvm.on(java).runJar("status", pid);

                assertEquals(1, status.exitValue(), asPostgres);
                assertEquals("dnspatch status: JVM " + pid + " runs as user nobody, and only that user (or root) can"
                        + " read its perf data: run this command as nobody (for example with sudo -u nobody)",
                        asPostgres, output.toString());
                assertEquals(0, asRoot.exitCode, asRoot.toString());
                List<String> row = List.of(asRoot.stdoutLines().get(5).trim().split("\\s+"));
                assertEquals(List.of("localhost", "2"), row.subList(0, 2), asRoot.toString());
            }
        } finally {
            app.destroyForcibly().waitFor();
        }
    }

    @Test
    void badUsageIsExitTwoAndNoProcessIsExitOne() throws Exception {
        Path java = Jdks.require(17);
        for (String[] args : new String[][] {{"status", "db.example.test"}, {"status", "123", "456"},
            {"status", "--jsn"}, {"status", "123", "--json", "--json"}}) {
            ForkedJvm.Result run = ForkedJvm.on(java).runJar(args);

            assertEquals(2, run.exitCode, run.toString());
            assertEquals(1, run.stderrLines().size(), run.toString());
            assertTrue(run.stderr.startsWith("dnspatch status: ") && run.stderr.contains("; usage: java -jar"
                    + " dnspatch-agent.jar status [PID] [--json]"), run.toString());
        }
        ForkedJvm.Result missing = ForkedJvm.on(java).runJar("status", "2147483646");
        assertEquals(1, missing.exitCode, missing.toString());
        assertEquals(List.of("dnspatch status: no process has PID 2147483646"), missing.stdoutLines());
        Process sleep = new ProcessBuilder("sleep", "30").start();
        try {
            ForkedJvm.Result notJvm = ForkedJvm.on(java).runJar("status", String.valueOf(sleep.pid()));
            assertEquals(1, notJvm.exitCode, notJvm.toString());
            assertEquals(List.of("dnspatch status: process " + sleep.pid() + " (sleep) is not a JVM"),
                    notJvm.stdoutLines().stream().collect(Collectors.toList()));
        } finally {
            sleep.destroyForcibly().waitFor();
        }
    }
}
