package dev.dnspatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dnspatch.it.apps.ByteBuddyApp;
import dev.dnspatch.it.apps.LoggingApp;
import dev.dnspatch.it.apps.ProbeApp;
import dev.dnspatch.it.support.AppJars;
import dev.dnspatch.it.support.ForkedJvm;
import dev.dnspatch.it.support.Jdks;
import dev.dnspatch.it.support.Namespace;
import dev.dnspatch.it.support.Runtimes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The agent and the app's own libraries never see each other. Apps bring SLF4J 1.7 with
 * slf4j-simple, SLF4J 2 with Logback, or their own Byte Buddy and dnsjava, each with its own
 * configuration file (Logback 1.5, or 1.3 on JDK 8). With the agent at info and at debug, on every JDK:
 * <ul>
 * <li>the app's output, minus dnspatch's lines and the probe's resolve/connect lines, is byte for
 * byte what it is without the agent, and what the app's configuration asks for;
 * <li>dnspatch's lines are exactly those of a plain app with none of these libraries;
 * <li>no SLF4J warning (multiple bindings, no provider) appears anywhere.
 * </ul>
 * Same namespace as the engine tests: db.example.test has 2001:db8::1 and 127.0.0.1, there is no
 * IPv6 route, and the JVM prefers IPv6, so without the agent the connect fails.
 */
class IsolationTest {
    private static final String HOST = "db.example.test";
    private static final String UNREACHABLE = "Network is unreachable";
    private static final String PREFIX = "[dnspatch]";

    @TempDir
    static Path dir;
    private static Namespace namespace;
    private static Path simpleLoggerConfig;
    private static Path logbackConfig;
    /** Runs that do not depend on the agent's log level, made once per JDK. */
    private static final Map<String, ForkedJvm.Result> withoutAgent = new ConcurrentHashMap<>();

    @BeforeAll
    static void setUp() throws Exception {
        Namespace.assumeAvailable();
        namespace = Namespace.withHosts(dir, "2001:db8::1 " + HOST, "127.0.0.1 " + HOST);
        // Each configuration changes the libraries' defaults, so the output shows it was read.
        simpleLoggerConfig = Files.createDirectories(dir.resolve("simplelogger"));
        Files.write(simpleLoggerConfig.resolve("simplelogger.properties"), List.of(
                "org.slf4j.simpleLogger.defaultLogLevel=debug",
                "org.slf4j.simpleLogger.showThreadName=false",
                "org.slf4j.simpleLogger.levelInBrackets=true"));
        logbackConfig = Files.createDirectories(dir.resolve("logback"));
        Files.write(logbackConfig.resolve("logback.xml"), List.of(
                "<configuration>",
                "  <appender name=\"out\" class=\"ch.qos.logback.core.ConsoleAppender\">",
                "    <encoder><pattern>%-5level %logger - %msg%n</pattern></encoder>",
                "  </appender>",
                "  <root level=\"DEBUG\"><appender-ref ref=\"out\"/></root>",
                "</configuration>"));
    }

    static Stream<Arguments> jdksAndLevels() {
        return Runtimes.jdks().flatMap(jdk -> Stream.of(Arguments.of(jdk, "info"), Arguments.of(jdk, "debug")));
    }

    @ParameterizedTest(name = "JDK {0}, log={1}")
    @MethodSource("jdksAndLevels")
    void slf4j17WithSimpleLoggerAndItsPropertiesFile(int feature, String level) throws Exception {
        App app = new App("slf4j 1.7", LoggingApp.class, simpleLoggerConfig,
                AppJars.get("slf4j17-api"), AppJars.get("slf4j17-simple"));
        ForkedJvm.Result without = assertIsolated(app, feature, level, "");

        assertEquals("", without.stdout.replace(probeLines(without), ""), without.toString());
        assertEquals("[INFO] app - starting with 1 host(s)\n[DEBUG] app - debug is on for the app's logger\n"
                + "[WARN] app - done\n", without.stderr, "simplelogger.properties was read");
    }

    @ParameterizedTest(name = "JDK {0}, log={1}")
    @MethodSource("jdksAndLevels")
    void slf4j2WithLogbackAndItsXml(int feature, String level) throws Exception {
        Path[] logback = AppJars.logback(feature);
        App app = new App("logback", LoggingApp.class, logbackConfig, AppJars.get("slf4j2-api"), logback[0], logback[1]);
        ForkedJvm.Result without = assertIsolated(app, feature, level, "");

        assertEquals("INFO  app - starting with 1 host(s)\nDEBUG app - debug is on for the app's logger\n"
                + probeLines(without) + "WARN  app - done\n", without.stdout, "logback.xml was read");
        assertEquals("", without.stderr, without.toString());
    }

    /**
     * Byte Buddy's agent installed into the app and dnsjava on its class path. On JDK 25 dnsjava's
     * resolver provider comes first, so dnspatch takes its instrumentation engine and says why;
     * apart from that reason its lines are those of a plain app with {@code engine=instrument}.
     */
    @ParameterizedTest(name = "JDK {0}, log={1}")
    @MethodSource("jdksAndLevels")
    void ownByteBuddyAndDnsjava(int feature, String level) throws Exception {
        Path dnsjava = AppJars.fromProperty("dnspatch.test.dnsjava");
        App app = new App("byte buddy", ByteBuddyApp.class, null, AppJars.get("byte-buddy"),
                AppJars.get("byte-buddy-agent"), dnsjava, AppJars.get("slf4j2-api"), AppJars.get("slf4j2-simple"));
        String reason = feature >= 18
                ? " (another resolver provider comes first on the class path (" + dnsjava.getFileName() + "))" : "";
        ForkedJvm.Result without = assertIsolated(app, feature, level, reason);

        assertEquals("defined: made by Byte Buddy\ngreeting: redefined\ndnsjava: db.example.test. AAAA\n"
                + probeLines(without), without.stdout, without.toString());
    }

    /** The app's libraries, their configuration folder (or null), and its main class. */
    private record App(String name, Class<?> main, Path config, Path... jars) {
        ForkedJvm jvm(int feature) {
            ForkedJvm jvm = IsolationTest.jvm(feature);
            for (Path jar : jars) {
                jvm.classPath(jar);
            }
            return config == null ? jvm : jvm.classPath(config);
        }
    }

    private static ForkedJvm jvm(int feature) {
        return ForkedJvm.on(Jdks.require(feature)).in(namespace).jvmOption("-Djava.net.preferIPv6Addresses=true");
    }

    /**
     * Runs the app without and with the agent, and a plain app with the agent, and checks the
     * three promises. {@code reason} is what the banner adds because of the app's libraries.
     * Returns the run without the agent, for the caller's checks of the app's own output.
     */
    private static ForkedJvm.Result assertIsolated(App app, int feature, String level, String reason)
            throws Exception {
        String args = "hosts=*.example.test,log=" + level;
        ForkedJvm.Result without = withoutAgent.computeIfAbsent(app.name + feature, key -> run(app.jvm(feature), app.main));
        ForkedJvm.Result with = run(app.jvm(feature).withAgent(args), app.main);
        ForkedJvm.Result plain = run(jvm(feature).withAgent(args + (reason.isEmpty() ? "" : ",engine=instrument")),
                ProbeApp.class);

        assertTrue(without.line("connect " + HOST).contains(UNREACHABLE), without.toString());
        assertEquals("ok 127.0.0.1", with.line("connect " + HOST), with.toString());
        assertEquals(without.exitCode, with.exitCode, with.toString());

        assertEquals(without.stdout.replace(probeLines(without), ""), appLines(with.stdout).replace(probeLines(with), ""),
                "the app's stdout, with the agent:\n" + with);
        assertEquals(without.stderr, appLines(with.stderr), "the app's stderr, with the agent:\n" + with);

        List<String> agentLines = dnspatchLines(with);
        assertTrue(agentLines.stream().anyMatch(line -> line.contains(" on JDK " + (feature == 8 ? "1.8" : feature)) && line.contains(reason)),
                "the banner says why: " + agentLines);
        assertEquals(dnspatchLines(plain), agentLines.stream().map(line -> line.replace(reason, "")).toList(),
                "dnspatch's lines with the app's libraries (" + app.name + ") and without\n" + with + "\n" + plain);
        assertTrue(agentLines.size() >= 2, with.toString());

        for (ForkedJvm.Result run : List.of(without, with)) {
            String all = (run.stdout + run.stderr).toLowerCase(Locale.ROOT);
            for (String warning : List.of("slf4j", "multiple bindings", "no providers", "binder")) {
                assertTrue(!all.contains(warning), "'" + warning + "' in\n" + run);
            }
        }
        return without;
    }

    private static ForkedJvm.Result run(ForkedJvm jvm, Class<?> main) {
        try {
            return jvm.run(main.getName(), HOST);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The probe's own lines, which differ by design: they show the fix. */
    private static String probeLines(ForkedJvm.Result run) {
        return "resolve " + HOST + ": " + run.line("resolve " + HOST) + "\nconnect " + HOST + ": "
                + run.line("connect " + HOST) + "\n";
    }

    /** The text without dnspatch's lines. */
    private static String appLines(String output) {
        return output.lines().filter(line -> !line.startsWith(PREFIX)).map(line -> line + "\n")
                .collect(Collectors.joining());
    }

    private static List<String> dnspatchLines(ForkedJvm.Result run) {
        return run.stderrLines().stream().filter(line -> line.startsWith(PREFIX)).toList();
    }
}
