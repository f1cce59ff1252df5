package dev.dnspatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dnspatch.it.apps.EarlyLookupAgent;
import dev.dnspatch.it.apps.JavaNetAccessApp;
import dev.dnspatch.it.support.ForkedJvm;
import dev.dnspatch.it.support.Jdks;
import dev.dnspatch.it.support.Namespace;
import dev.dnspatch.it.support.TestJars;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * dnspatch opens nothing of the JDK to the application: after premain, on every engine and in
 * every case that picks one, {@code java.net} is open to no module the app's classes are in, and
 * the app's own {@code setAccessible} into {@code java.net} fails as it does without the agent.
 * The same app without the agent is the baseline, and the patch still works in each case.
 *
 * <p>JDK 11 opens {@code java.net} to every unnamed module by itself ({@code --illegal-access=permit},
 * its default until JDK 16), so there the baseline is "open", and the same JDK also runs with
 * {@code --illegal-access=deny}, where it is closed.
 */
class JavaNetStaysClosedTest {
    private static final String APP = JavaNetAccessApp.class.getName();
    private static final String HOST = "db.example.test";
    private static final String UNREACHABLE = "Network is unreachable";
    private static final String[] OPEN_LINES = {
        "java.net open to the class path", "java.net open to this app's module", "reflection into java.net"};

    @TempDir
    static Path dir;
    private static Namespace namespace;
    private static Path jdkHostsFile;
    private static Path earlyAgent;

    @BeforeAll
    static void namespace() throws Exception {
        Namespace.assumeAvailable();
        namespace = Namespace.withHosts(dir, "2001:db8::1 " + HOST, "127.0.0.1 " + HOST);
        jdkHostsFile = Files.copy(dir.resolve("hosts"), dir.resolve("jdk-hosts"));
        earlyAgent = TestJars.agent(dir, EarlyLookupAgent.class);
    }

    /** JDK, case, extra JVM option, extra agent argument. */
    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (int feature : new int[] {8, 11, 17, 21, 25}) {
            for (String kind : new String[] {"plain", "an earlier agent's lookup", "jdk.net.hosts.file",
                "dnsjava's provider first"}) {
                cases.add(Arguments.of(feature, kind, "", ""));
                if (feature == 11) {
                    cases.add(Arguments.of(feature, kind, "--illegal-access=deny", ""));
                }
            }
        }
        cases.add(Arguments.of(21, "plain", "", ",engine=instrument"));
        cases.add(Arguments.of(25, "plain", "", ",engine=instrument"));
        return cases.stream();
    }

    @ParameterizedTest(name = "JDK {0}, {1} {2}{3}")
    @MethodSource("cases")
    void javaNetIsOpenToNoModuleOfTheApp(int feature, String kind, String option, String engine) throws Exception {
        ForkedJvm.Result without = jvm(feature, kind, option).run(APP, HOST);
        ForkedJvm.Result with = jvm(feature, kind, option).withAgent("hosts=*.example.test" + engine).run(APP, HOST);

        for (String line : OPEN_LINES) {
            assertEquals(without.line(line), with.line(line), line + "\n" + without + "\n" + with);
        }
        if (feature == 8) {
            assertEquals("no modules", with.line(OPEN_LINES[0]), with.toString());
        } else if (feature >= 16 || option.equals("--illegal-access=deny")) {
            assertEquals("false", with.line(OPEN_LINES[0]), with.toString());
            assertEquals("false", with.line(OPEN_LINES[1]), with.toString());
            assertEquals("denied", with.line(OPEN_LINES[2]), with.toString());
        }
        assertTrue(without.line("connect " + HOST).contains(UNREACHABLE), without.toString());
        assertEquals("ok 127.0.0.1", with.line("connect " + HOST), with.toString());
        String banner = with.stderrLines().stream().filter(l -> l.startsWith("[dnspatch] dnspatch ")).findFirst()
                .orElseThrow(() -> new AssertionError("no banner\n" + with));
        boolean provider = feature >= 18 && kind.equals("plain") && engine.isEmpty();
        assertTrue(banner.contains(provider ? "engine=spi," : "engine=instrument"), with.toString());
        System.out.println("[java.net] JDK " + feature + ", " + kind + " " + option + engine + ": "
                + with.line(OPEN_LINES[0]) + " / " + with.line(OPEN_LINES[2]) + "; " + banner);
    }

    private static ForkedJvm jvm(int feature, String kind, String option) {
        ForkedJvm jvm = ForkedJvm.on(Jdks.require(feature)).in(namespace)
                .jvmOption("-Djava.net.preferIPv6Addresses=true");
        if (!option.isEmpty()) {
            jvm.jvmOption(option);
        }
        switch (kind) {
            case "an earlier agent's lookup":
                return jvm.jvmOption("-javaagent:" + earlyAgent + "=localhost");
            case "jdk.net.hosts.file":
                return jvm.jvmOption("-Djdk.net.hosts.file=" + jdkHostsFile);
            case "dnsjava's provider first":
                return jvm.classPath(Paths.get(System.getProperty("dnspatch.test.dnsjava")));
            default:
                return jvm;
        }
    }
}
