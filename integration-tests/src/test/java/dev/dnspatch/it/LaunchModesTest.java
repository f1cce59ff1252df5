package dev.dnspatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dnspatch.it.apps.LoggingApp;
import dev.dnspatch.it.apps.ProbeApp;
import dev.dnspatch.it.support.AppJars;
import dev.dnspatch.it.support.BootJar;
import dev.dnspatch.it.support.ForkedJvm;
import dev.dnspatch.it.support.Jdks;
import dev.dnspatch.it.support.ModuleJar;
import dev.dnspatch.it.support.Namespace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The ways apps are packaged and launched besides {@code -cp dir Main}: a Spring Boot executable
 * jar, a named module, a SecurityManager (JDK 17), the JaCoCo agent beside dnspatch. Each runs
 * without the agent (the connect fails: no IPv6 route) and with it (IPv4, and exactly the
 * {@code [dnspatch]} lines a plain app gets). The jar as a plain class path entry on JDK 25 is
 * in ResolverProviderTest.
 */
class LaunchModesTest {
    private static final String HOST = "db.example.test";
    private static final String AGENT_ARGS = "hosts=*.example.test";
    private static final String UNREACHABLE = "Network is unreachable";
    private static final String LOGBACK_XML = String.join("\n",
            "<configuration>",
            "  <appender name=\"out\" class=\"ch.qos.logback.core.ConsoleAppender\">",
            "    <encoder><pattern>%-5level %logger - %msg%n</pattern></encoder>",
            "  </appender>",
            "  <root level=\"DEBUG\"><appender-ref ref=\"out\"/></root>",
            "</configuration>", "");

    @TempDir
    static Path dir;
    private static Namespace namespace;
    /** A plain {@code -cp} app with the agent, per JDK: the [dnspatch] lines every mode must match. */
    private static final Map<String, List<String>> plainAgentLines = new ConcurrentHashMap<>();

    @BeforeAll
    static void setUp() throws Exception {
        Namespace.assumeAvailable();
        namespace = Namespace.withHosts(dir, "2001:db8::1 " + HOST, "127.0.0.1 " + HOST);
    }

    static Stream<Integer> jdks() {
        return Stream.of(17, 25);
    }

    private static ForkedJvm jvm(int feature) {
        return ForkedJvm.on(Jdks.require(feature)).in(namespace).jvmOption("-Djava.net.preferIPv6Addresses=true");
    }

    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("jdks")
    void springBootExecutableJarWithNestedJars(int feature) throws Exception {
        Path jar = bootJar(dir.resolve("boot-app-" + feature + ".jar"));

        ForkedJvm.Result without = jvm(feature).launch("-jar", jar.toString(), HOST);
        ForkedJvm.Result with = jvm(feature).withAgent(AGENT_ARGS).launch("-jar", jar.toString(), HOST);

        assertFixed(feature, without, with);
        assertTrue(with.stdout.startsWith("INFO  app - starting with 1 host(s)\n"), "the app ran with its Logback:\n" + with);
        assertEquals(without.stdout.replace(probeLines(without), ""), with.stdout.replace(probeLines(with), ""));
    }

    /**
     * Spring Boot's class loader asks its parent first, so on JDK 18+ the JDK finds dnspatch's
     * resolver provider before one nested in the app, here dnsjava's, switched on with
     * {@code org.dnsjava.spi.enable}. The app must keep its own resolver, with dnspatch filtering
     * its answers: dnsjava's log lines show it resolves, with and without the agent.
     */
    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("jdks")
    void springBootAppKeepsItsOwnResolverProvider(int feature) throws Exception {
        Path jar = bootJar(dir.resolve("boot-dnsjava-" + feature + ".jar"), AppJars.fromProperty("dnspatch.test.dnsjava"));
        String enable = "-Dorg.dnsjava.spi.enable=true";

        ForkedJvm.Result without = jvm(feature).jvmOption(enable).launch("-jar", jar.toString(), HOST);
        ForkedJvm.Result with = jvm(feature).jvmOption(enable).withAgent(AGENT_ARGS).launch("-jar", jar.toString(), HOST);

        assertFixed(feature, without, with);
        assertEquals(without.stdout.replace(probeLines(without), ""), with.stdout.replace(probeLines(with), ""));
        if (feature >= 18) {
            assertTrue(with.stdout.contains("INFO  org.xbill.DNS.spi.DnsjavaInetAddressResolver - Enabling dnsjava SPI"),
                    "dnsjava's resolver resolves:\n" + with);
        }
    }

    /** The app's main class in BOOT-INF/classes; the code that connects, SLF4J and Logback in nested jars. */
    private static Path bootJar(Path jar, Path... moreLibs) throws Exception {
        BootJar boot = new BootJar().appClass(LoggingApp.class).resource("logback.xml", LOGBACK_XML)
                .lib("probe-app.jar", ProbeApp.class).lib(AppJars.get("slf4j2-api"))
                .lib(AppJars.get("logback-classic")).lib(AppJars.get("logback-core"));
        for (Path lib : moreLibs) {
            boot.lib(lib);
        }
        return boot.write(jar, LoggingApp.class, AppJars.get("spring-boot-loader"));
    }

    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("jdks")
    void namedModuleOnTheModulePath(int feature) throws Exception {
        Path modules = Files.createDirectories(dir.resolve("modules-" + feature));
        Path jar = ModuleJar.build(modules, "dnspatch.probe", ProbeApp.class);

        // No class path at all: the app runs from the module path only.
        ForkedJvm.Result without = jvm(feature).launch("-p", jar.toString(), "-m", "dnspatch.probe", HOST);
        ForkedJvm.Result with = jvm(feature).withAgent(AGENT_ARGS)
                .launch("-p", jar.toString(), "-m", "dnspatch.probe", HOST);

        assertFixed(feature, without, with);
    }

    /**
     * JDK 17 has no resolver SPI, so the jar on the class path alone can do nothing: it changes
     * nothing and prints nothing, even when configured. Only {@code -javaagent} patches there.
     */
    @Test
    void jarOnThePlainClassPathOfJdk17ChangesNothing() throws Exception {
        ForkedJvm.Result run = jvm(17).classPath(ForkedJvm.agentJar()).jvmOption("-Ddnspatch.hosts=*.example.test")
                .run(ProbeApp.class.getName(), HOST);
        ForkedJvm.Result withAgent = jvm(17).classPath(ForkedJvm.agentJar()).withAgent(AGENT_ARGS)
                .run(ProbeApp.class.getName(), HOST);

        assertTrue(run.line("connect " + HOST).contains(UNREACHABLE), run.toString());
        assertEquals("", run.stderr, run.toString());
        assertEquals("ok 127.0.0.1", withAgent.line("connect " + HOST), withAgent.toString());
    }

    /** The usual production set-up: the policy trusts the agent's jar, the app gets what it needs. */
    @Test
    void securityManagerWithAPolicyThatTrustsTheAgentOnJdk17() throws Exception {
        Path policy = policy("trusting.policy", true);
        ForkedJvm.Result without = underSecurityManager(policy).run(ProbeApp.class.getName(), HOST);
        ForkedJvm.Result with = underSecurityManager(policy).withAgent(AGENT_ARGS).run(ProbeApp.class.getName(), HOST);

        assertFixed(17, without, with);
    }

    /** A policy that grants the agent's jar nothing: it cannot patch, says so in one line, and the app runs. */
    @Test
    void securityManagerThatDeniesTheAgentLeavesTheAppRunningOnJdk17() throws Exception {
        Path policy = policy("denying.policy", false);
        ForkedJvm.Result without = underSecurityManager(policy).run(ProbeApp.class.getName(), HOST);
        ForkedJvm.Result with = underSecurityManager(policy).withAgent(AGENT_ARGS).run(ProbeApp.class.getName(), HOST);

        assertEquals(0, with.exitCode, with.toString());
        assertEquals(without.stdout, with.stdout, "the app runs as without the agent");
        assertTrue(with.line("connect " + HOST).contains(UNREACHABLE), with.toString());
        assertEquals(List.of("[dnspatch] error: the security policy does not let dnspatch start (access denied"
                + " (\"java.util.PropertyPermission\" \"*\" \"read,write\")); grant its jar java.security.AllPermission;"
                + " the app runs unpatched"), dnspatchLines(with));
    }

    static Stream<Arguments> jacocoOrders() {
        return Stream.of(Arguments.of(17, true), Arguments.of(17, false), Arguments.of(25, true),
                Arguments.of(25, false));
    }

    /**
     * JaCoCo's agent, with its defaults (every class, dnspatch's included), before or after
     * dnspatch. JaCoCo's premain resolves the local host name (for its session id), so when it
     * comes first on JDK 18+ the JDK's resolver is fixed before dnspatch loads: dnspatch takes
     * its instrumentation engine and says why, as for any earlier agent that resolves a name.
     */
    @ParameterizedTest(name = "JDK {0}, JaCoCo first: {1}")
    @MethodSource("jacocoOrders")
    void togetherWithTheJacocoAgent(int feature, boolean jacocoFirst) throws Exception {
        Path exec = dir.resolve("jacoco-" + feature + "-" + jacocoFirst + ".exec");
        String jacoco = "-javaagent:" + AppJars.get("jacocoagent") + "=destfile=" + exec;
        String[] app = {"-cp", ForkedJvm.testClasses().toString(), ProbeApp.class.getName(), HOST};

        ForkedJvm.Result without = jvm(feature).jvmOption(jacoco).run(ProbeApp.class.getName(), HOST);
        Files.deleteIfExists(exec);
        ForkedJvm.Result with = jacocoFirst
                ? jvm(feature).jvmOption(jacoco).withAgent(AGENT_ARGS).run(ProbeApp.class.getName(), HOST)
                : jvm(feature).withAgent(AGENT_ARGS).launch(concat(jacoco, app));

        boolean resolvedEarly = jacocoFirst && feature >= 18;
        assertFixed(without, with, resolvedEarly
                ? plainAgentLines(feature, ",engine=instrument").stream().map(line -> line.replace(
                        "engine=instrument,", "engine=instrument (a name was resolved before dnspatch loaded),")).toList()
                : plainAgentLines(feature, ""));
        assertTrue(Files.size(exec) > 0, "JaCoCo wrote its coverage data: " + exec);
    }

    private static Path policy(String name, boolean trustAgent) throws Exception {
        String app = "grant codeBase \"" + ForkedJvm.testClasses().toUri() + "\" {\n"
                + "  permission java.net.SocketPermission \"*\", \"connect,listen,accept,resolve\";\n};\n";
        String agent = "grant codeBase \"" + ForkedJvm.agentJar().toUri() + "\" {\n"
                + "  permission java.security.AllPermission;\n};\n";
        return Files.writeString(dir.resolve(name), app + (trustAgent ? agent : ""));
    }

    /** {@code -Djava.security.policy==} replaces the JDK's default policy with this one alone. */
    private static ForkedJvm underSecurityManager(Path policy) {
        return jvm(17).jvmOption("-Djava.security.manager").jvmOption("-Djava.security.policy==" + policy);
    }

    /** Without the agent the connect fails; with it, IPv4 and the same [dnspatch] lines as a plain app. */
    private static void assertFixed(int feature, ForkedJvm.Result without, ForkedJvm.Result with) throws Exception {
        assertFixed(without, with, plainAgentLines(feature, ""));
    }

    private static void assertFixed(ForkedJvm.Result without, ForkedJvm.Result with, List<String> agentLines) {
        assertTrue(without.line("connect " + HOST).contains(UNREACHABLE), without.toString());
        assertEquals(List.of(), dnspatchLines(without), without.toString());
        assertEquals("127.0.0.1", with.line("resolve " + HOST), with.toString());
        assertEquals("ok 127.0.0.1", with.line("connect " + HOST), with.toString());
        assertEquals(0, with.exitCode, with.toString());
        assertEquals(agentLines, dnspatchLines(with), with.toString());
    }

    private static List<String> plainAgentLines(int feature, String moreArgs) throws Exception {
        String key = feature + moreArgs;
        List<String> lines = plainAgentLines.get(key);
        if (lines == null) {
            ForkedJvm.Result plain = jvm(feature).withAgent(AGENT_ARGS + moreArgs).run(ProbeApp.class.getName(), HOST);
            lines = dnspatchLines(plain);
            assertEquals(2, lines.size(), plain.toString());
            plainAgentLines.put(key, lines);
        }
        return lines;
    }

    private static List<String> dnspatchLines(ForkedJvm.Result run) {
        return run.stderrLines().stream().filter(line -> line.startsWith("[dnspatch]")).toList();
    }

    private static String probeLines(ForkedJvm.Result run) {
        return "resolve " + HOST + ": " + run.line("resolve " + HOST) + "\nconnect " + HOST + ": "
                + run.line("connect " + HOST) + "\n";
    }

    private static String[] concat(String first, String... rest) {
        return Stream.concat(Stream.of(first), Stream.of(rest)).toArray(String[]::new);
    }
}
