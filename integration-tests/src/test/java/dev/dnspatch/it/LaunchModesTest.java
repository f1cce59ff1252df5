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
import dev.dnspatch.it.support.Runtimes;
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
 * jar, a named module, a SecurityManager (up to JDK 23), the JaCoCo agent beside dnspatch. Each runs
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
        return Runtimes.jdks();
    }

    static Stream<Integer> modularJdks() {
        return Runtimes.jdksFrom(11);
    }

    /** The JDKs without a resolver SPI. */
    static Stream<Integer> jdksBefore18() {
        return Runtimes.jdks().filter(jdk -> jdk < 18);
    }

    /** The JDKs that still have a SecurityManager (JDK 24 removed it). */
    static Stream<Integer> securityManagerJdks() {
        return Runtimes.jdks().filter(jdk -> jdk < 24);
    }

    private static ForkedJvm jvm(int feature) {
        return ForkedJvm.on(Jdks.require(feature)).in(namespace).jvmOption("-Djava.net.preferIPv6Addresses=true");
    }

    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("jdks")
    void springBootExecutableJarWithNestedJars(int feature) throws Exception {
        Path jar = bootJar(feature, dir.resolve("boot-app-" + feature + ".jar"));

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
        Path jar = bootJar(feature, dir.resolve("boot-dnsjava-" + feature + ".jar"),
                AppJars.fromProperty("dnspatch.test.dnsjava"));
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

    /**
     * The app's main class in BOOT-INF/classes; the code that connects, SLF4J and Logback in nested
     * jars. Spring Boot 3.5's launcher from JDK 17 on, 2.7's (the last line for JDK 8) below.
     */
    private static Path bootJar(int feature, Path jar, Path... moreLibs) throws Exception {
        Path[] logback = AppJars.logback(feature);
        BootJar boot = new BootJar().appClass(LoggingApp.class).resource("logback.xml", LOGBACK_XML)
                .lib("probe-app.jar", ProbeApp.class).lib(AppJars.get("slf4j2-api")).lib(logback[0]).lib(logback[1]);
        for (Path lib : moreLibs) {
            boot.lib(lib);
        }
        return boot.write(jar, LoggingApp.class, AppJars.get(feature >= 17 ? "spring-boot-loader" : "spring-boot2-loader"));
    }

    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("modularJdks")
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
     * JDKs before 18 have no resolver SPI, so the jar on the class path alone can do nothing: it
     * changes nothing and prints nothing, even when configured. Only {@code -javaagent} patches there.
     */
    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("jdksBefore18")
    void jarOnThePlainClassPathWithoutTheResolverSpiChangesNothing(int feature) throws Exception {
        ForkedJvm.Result run = jvm(feature).classPath(ForkedJvm.agentJar())
                .jvmOption("-Ddnspatch.hosts=*.example.test").run(ProbeApp.class.getName(), HOST);
        ForkedJvm.Result withAgent = jvm(feature).classPath(ForkedJvm.agentJar()).withAgent(AGENT_ARGS)
                .run(ProbeApp.class.getName(), HOST);

        assertTrue(run.line("connect " + HOST).contains(UNREACHABLE), run.toString());
        assertEquals("", run.stderr, run.toString());
        assertEquals("ok 127.0.0.1", withAgent.line("connect " + HOST), withAgent.toString());
    }

    /**
     * The usual production set-up: the policy trusts the agent's jar, the app gets what it needs
     * (to connect, not to read the agent's jar).
     */
    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("securityManagerJdks")
    void securityManagerWithAPolicyThatTrustsTheAgent(int feature) throws Exception {
        Path policy = policy("trusting.policy", true);
        ForkedJvm.Result without = underSecurityManager(feature, policy).run(ProbeApp.class.getName(), HOST);
        ForkedJvm.Result with = underSecurityManager(feature, policy).withAgent(AGENT_ARGS)
                .run(ProbeApp.class.getName(), HOST);

        // On JDK 18+ the JDK's search for resolver providers can skip dnspatch's under a
        // SecurityManager, so dnspatch takes the instrumentation engine there, and says why.
        assertFixed(without, with, feature < 18 ? plainAgentLines(feature, "")
                : plainAgentLines(feature, ",engine=instrument").stream().map(line -> line.replace("engine=instrument,",
                        "engine=instrument (a SecurityManager is installed, under which the JDK can miss resolver"
                                + " providers),")).toList());
    }

    /** A policy that grants the agent's jar nothing: it cannot patch, says so in one line, and the app runs. */
    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("securityManagerJdks")
    void securityManagerThatDeniesTheAgentLeavesTheAppRunning(int feature) throws Exception {
        Path policy = policy("denying.policy", false);
        ForkedJvm.Result without = underSecurityManager(feature, policy).run(ProbeApp.class.getName(), HOST);
        ForkedJvm.Result with = underSecurityManager(feature, policy).withAgent(AGENT_ARGS)
                .run(ProbeApp.class.getName(), HOST);

        assertEquals(0, with.exitCode, with.toString());
        assertEquals(without.stdout, with.stdout, "the app runs as without the agent");
        assertTrue(with.line("connect " + HOST).contains(UNREACHABLE), with.toString());
        assertEquals(List.of("[dnspatch] error: the security policy does not let dnspatch start (access denied"
                + " (\"java.util.PropertyPermission\" \"*\" \"read,write\")); grant its jar java.security.AllPermission;"
                + " the app runs unpatched"), dnspatchLines(with));
    }

    static Stream<Arguments> jacocoOrders() {
        return Runtimes.jdks().flatMap(jdk -> Stream.of(Arguments.of(jdk, true), Arguments.of(jdk, false)));
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
    private static ForkedJvm underSecurityManager(int feature, Path policy) {
        return jvm(feature).jvmOption("-Djava.security.manager").jvmOption("-Djava.security.policy==" + policy);
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
