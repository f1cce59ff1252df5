package dev.dnspatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dnspatch.it.apps.LookupLoopApp;
import dev.dnspatch.it.support.ForkedJvm;
import dev.dnspatch.it.support.Jdks;
import dev.dnspatch.it.support.Namespace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code attach} patches a running app with no restart. The app resolves a matching name and
 * another one every 200 ms, with the JVM's default address cache (30 s), in a namespace whose
 * hosts file gives each an IPv6 and an IPv4 address, in a JVM that prefers IPv6. Before the
 * attach it gets the JDK's answer, IPv6 first; within a second after it, IPv4 only, which takes
 * dropping the JDK's cached answer; the other name keeps its cached answer (the hosts file has
 * changed for it meanwhile, so a fresh lookup would show). Then a bad option changes nothing and
 * stops nothing, a second attach replaces the mode, and {@code --off} gives the JDK's answers back.
 * The command runs outside the namespace, on the app's JDK (on JDK 8 through its tools.jar).
 */
class AttachTest {
    private static final String HOST = "db.example.test";
    private static final String OTHER = "other.example.test";
    private static final String V6 = "2001:db8:0:0:0:0:0:1";
    private static final String OTHER_V6 = "2001:db8:0:0:0:0:0:3";
    private static final long ONE_SECOND = 1000;

    @TempDir
    static Path dir;
    private static Namespace namespace;

    @BeforeAll
    static void namespace() throws Exception {
        Namespace.assumeAvailable();
        namespace = Namespace.withHosts(dir, "2001:db8::1 " + HOST, "127.0.0.1 " + HOST,
                "2001:db8::3 " + OTHER, "127.0.0.3 " + OTHER);
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {8, 11, 17, 21, 25})
    void aRunningAppIsPatchedReplacedAndSwitchedOffWithNoRestart(int feature) throws Exception {
        Path java = Jdks.require(feature);
        Path hosts = dir.resolve("hosts");
        List<String> hostsLines = Files.readAllLines(hosts);
        try (ForkedJvm.Running app = ForkedJvm.on(java).in(namespace).jvmOption("-Djava.net.preferIPv6Addresses=true")
                .start(LookupLoopApp.class.getName(), "200", "60000", HOST, OTHER)) {
            String pid = app.awaitLine(line -> line.startsWith("pid: "), 20_000).substring("pid: ".length());
            // Before: the JDK's own answers, IPv6 first.
            long started = System.currentTimeMillis();
            assertEquals(V6 + " 127.0.0.1", answerAfter(app, HOST, 0));
            assertEquals(OTHER_V6 + " 127.0.0.3", answerAfter(app, OTHER, 0));
            // The other name moves; only a lookup that reaches the resolver again would see it.
            List<String> moved = new ArrayList<>(hostsLines);
            moved.removeIf(line -> line.endsWith(" " + OTHER));
            moved.add("127.0.0.4 " + OTHER);
            Files.write(hosts, moved);

            ForkedJvm.Result patched = ForkedJvm.on(java).runJar("attach", pid, "hosts=" + HOST);
            long attached = System.currentTimeMillis();
            assertEquals(0, patched.exitCode, patched + "\n" + app);
            String version = feature == 8 ? "1\\.8\\.0_\\d+" : feature + "[.\\d]*";
            assertTrue(patched.stdoutLines().get(0).matches("dnspatch attach: JVM " + pid + " \\(JDK " + version
                    + ", dev\\.dnspatch\\.it\\.apps\\.LookupLoopApp\\) is patched:"), patched.toString());
            assertEquals(List.of("  engine=instrument" + (feature >= 18 ? " (a name was resolved before dnspatch loaded)"
                    : "") + ", mode=ipv4-only, hosts=" + HOST + ", netty=on", "  dropped 1 cached answer: " + HOST),
                    patched.stdoutLines().subList(1, 3), patched.toString());
            assertEquals("127.0.0.1", answerWithinASecond(app, HOST, attached));
            assertEquals(OTHER_V6 + " 127.0.0.3", answerAfter(app, OTHER, attached), "the other name's cached answer");
            assertTrue(attached - started < 25_000, "the check of the other name's cache entry ran after it expired");

            // A bad option, with strict=true: one line, nothing changes, nothing stops.
            ForkedJvm.Result bad = ForkedJvm.on(java).runJar("attach", pid, "hosts=" + HOST + ",mode=ipv5,strict=true");
            long refused = System.currentTimeMillis();
            assertEquals(1, bad.exitCode, bad.toString());
            assertEquals("  mode must be one of ipv4-only, ipv4-first, ipv6-only, ipv6-first, auto [ipv5]",
                    bad.stdoutLines().get(1), bad.toString());
            assertTrue(bad.stdoutLines().get(0).endsWith("changed nothing, and runs on as it was:"), bad.toString());
            assertEquals("127.0.0.1", answerAfter(app, HOST, refused));
            assertTrue(app.isAlive(), app.toString());

            // A second attach replaces the mode.
            ForkedJvm.Result second = ForkedJvm.on(java).runJar("attach", pid, "hosts=" + HOST + ",mode=ipv4-first");
            long replaced = System.currentTimeMillis();
            assertEquals(0, second.exitCode, second.toString());
            assertTrue(second.stdoutLines().get(1).contains(", mode=ipv4-first, hosts=" + HOST), second.toString());
            assertEquals("127.0.0.1 " + V6, answerWithinASecond(app, HOST, replaced));

            // --off: the JDK's own answers again.
            ForkedJvm.Result off = ForkedJvm.on(java).runJar("attach", pid, "--off");
            long switchedOff = System.currentTimeMillis();
            assertEquals(0, off.exitCode, off.toString());
            assertTrue(off.stdoutLines().get(0).endsWith(" is no longer patched:"), off.toString());
            assertEquals("  dropped 1 cached answer: " + HOST, off.stdoutLines().get(2), off.toString());
            assertEquals(V6 + " 127.0.0.1", answerWithinASecond(app, HOST, switchedOff));

            String stderr = app.stderr();
            assertTrue(stderr.contains("[dnspatch] error: mode must be one of ipv4-only, ipv4-first, ipv6-only,"
                    + " ipv6-first, auto [ipv5]; nothing changed, the app runs on as it was"), stderr);
            // JDK 21 and later say that an agent was loaded into a running JVM; the command says why.
            boolean warns = feature >= 21;
            assertEquals(warns, stderr.contains("WARNING: A Java agent has been loaded dynamically"), stderr);
            assertEquals(warns, patched.stdout.contains("-XX:+EnableDynamicAgentLoading"), patched.toString());
            System.out.println("[attach] JDK " + feature + ": " + String.join(" | ", patched.stdoutLines()));
        } finally {
            Files.write(hosts, hostsLines);
        }
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {21, 25})
    void anAppStartedWithEnableDynamicAgentLoadingIsPatchedWithNoWarning(int feature) throws Exception {
        Path java = Jdks.require(feature);
        try (ForkedJvm.Running app = ForkedJvm.on(java).in(namespace).jvmOption("-Djava.net.preferIPv6Addresses=true")
                .jvmOption("-XX:+EnableDynamicAgentLoading")
                .start(LookupLoopApp.class.getName(), "200", "30000", HOST)) {
            String pid = app.awaitLine(line -> line.startsWith("pid: "), 20_000).substring("pid: ".length());
            assertEquals(V6 + " 127.0.0.1", answerAfter(app, HOST, 0));

            ForkedJvm.Result patched = ForkedJvm.on(java).runJar("attach", pid, "hosts=" + HOST);
            long attached = System.currentTimeMillis();

            assertEquals(0, patched.exitCode, patched.toString());
            assertEquals("127.0.0.1", answerWithinASecond(app, HOST, attached));
            assertFalse(app.stderr().contains("WARNING"), app.toString());
            assertFalse(patched.stdout.contains("note:"), patched.toString());
        }
    }

    /**
     * An app patched at launch by the resolver provider: the JDK keeps that resolver for good, so
     * an attach replaces the policy it applies, and {@code --off} makes it pass answers through.
     */
    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {21, 25})
    void theResolverProviderInPlaceTakesANewModeAndSwitchesOff(int feature) throws Exception {
        Path java = Jdks.require(feature);
        try (ForkedJvm.Running app = ForkedJvm.on(java).in(namespace).jvmOption("-Djava.net.preferIPv6Addresses=true")
                .jvmOption("-XX:+EnableDynamicAgentLoading").withAgent("hosts=" + HOST)
                .start(LookupLoopApp.class.getName(), "200", "30000", HOST)) {
            String pid = app.awaitLine(line -> line.startsWith("pid: "), 20_000).substring("pid: ".length());
            assertEquals("127.0.0.1", answerAfter(app, HOST, 0));

            ForkedJvm.Result second = ForkedJvm.on(java).runJar("attach", pid, "hosts=" + HOST + ",mode=ipv4-first");
            long replaced = System.currentTimeMillis();
            assertEquals(0, second.exitCode, second.toString());
            assertEquals("  engine=spi, mode=ipv4-first, hosts=" + HOST + ", netty=on", second.stdoutLines().get(1),
                    second.toString());
            assertEquals("127.0.0.1 " + V6, answerWithinASecond(app, HOST, replaced));

            ForkedJvm.Result off = ForkedJvm.on(java).runJar("attach", pid, "--off");
            long switchedOff = System.currentTimeMillis();
            assertEquals(0, off.exitCode, off.toString());
            assertEquals("  the JDK's own answers again, instead of engine=spi, mode=ipv4-first, hosts=" + HOST
                    + ", netty=on", off.stdoutLines().get(1), off.toString());
            assertEquals(V6 + " 127.0.0.1", answerWithinASecond(app, HOST, switchedOff));
        }
    }

    /** The addresses of the first lookup of {@code host} the app made after {@code since}. */
    private static String answerAfter(ForkedJvm.Running app, String host, long since) throws Exception {
        String line = app.awaitLine(l -> stamp(l) > since && l.contains(" " + host + ": "), 20_000);
        return line.substring(line.indexOf(": ") + 2);
    }

    /** The same, which must come within a second: the app looks up every 200 ms. */
    private static String answerWithinASecond(ForkedJvm.Running app, String host, long since) throws Exception {
        String line = app.awaitLine(l -> stamp(l) > since && l.contains(" " + host + ": "), 20_000);
        assertTrue(stamp(line) - since <= ONE_SECOND, "first lookup " + (stamp(line) - since) + " ms after: " + line);
        return line.substring(line.indexOf(": ") + 2);
    }

    private static long stamp(String line) {
        int space = line.indexOf(' ');
        try {
            return space < 0 ? -1 : Long.parseLong(line.substring(0, space));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
