package dev.dnspatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dnspatch.it.apps.ResolveOnce;
import dev.dnspatch.it.support.ForkedJvm;
import dev.dnspatch.it.support.Jdks;
import dev.dnspatch.it.support.Runtimes;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the agent loads into every JVM it reaches: never the command line, doctor, dnsjava or what
 * only an attach to a running JVM needs, the route probe only with mode=auto, with the resolver
 * provider nothing of the instrumentation engine, Byte Buddy or the java.net access (the first
 * lookup loads what publishes the state for status, on JDK 9+ through JavaNet's export of
 * jdk.internal.perf), and of the Netty hook, in an app without Netty, its transformer alone
 * (nothing with netty=off). Read from the JVM's own class loading log.
 */
class StartupClassesTest {
    private static final List<String> NEVER = List.of("dev.dnspatch.cli.", "dev.dnspatch.shaded.org.xbill.",
            "dev.dnspatch.shaded.org.slf4j.", "dev.dnspatch.attach.", "dev.dnspatch.AttachedStart", "dev.dnspatch.CommandLine");
    private static final List<String> AUTO_ONLY = List.of("dev.dnspatch.policy.Routes",
            "dev.dnspatch.policy.RouteProbe", "dev.dnspatch.policy.RouteCache");
    private static final List<String> INSTRUMENT_ONLY = List.of("dev.dnspatch.instrument.",
            "dev.dnspatch.shaded.net.bytebuddy.", "dev.dnspatch.javanet.PrivateLookup");
    private static final String NETTY_TRANSFORMER = "dev.dnspatch.netty.NettyTransformer";

    static Stream<Arguments> runs() {
        return Runtimes.everyEngine().flatMap(runtime -> Stream.of("", ",mode=auto", ",netty=off")
                .map(more -> Arguments.of(runtime.get()[0], "hosts=localhost" + runtime.get()[1] + more)));
    }

    @ParameterizedTest(name = "JDK {0}, {1}")
    @MethodSource("runs")
    void startUpAndALookupLoadNoDoctorClasses(int feature, String agentArgs) throws Exception {
        // JDK 8 has no unified logging; its -verbose:class says the same on stdout.
        ForkedJvm.Result run = ForkedJvm.on(Jdks.require(feature))
                .jvmOption(feature == 8 ? "-verbose:class" : "-Xlog:class+load=info:stderr")
                .withAgent(agentArgs).run(ResolveOnce.class.getName(), "localhost");

        assertEquals(0, run.exitCode, run.toString());
        List<String> ours = Stream.concat(run.stdoutLines().stream(), run.stderrLines().stream())
                .map(StartupClassesTest::loadedClass).filter(name -> name.startsWith("dev.dnspatch."))
                .collect(Collectors.toList());
        assertTrue(ours.contains("dev.dnspatch.policy.AddressPolicy"), "the policy ran: " + ours);
        assertTrue(ours.contains("dev.dnspatch.status.StatusBoard"), "the lookup was counted for status: " + ours);
        for (String loaded : ours) {
            assertTrue(NEVER.stream().noneMatch(loaded::startsWith), loaded + " loaded at start-up: " + ours);
            if (!agentArgs.contains("mode=auto")) {
                String outer = loaded.replaceAll("\\$.*", "");
                assertTrue(!AUTO_ONLY.contains(outer), loaded + " loaded without auto: " + ours);
            }
        }
        boolean resolverProvider = feature >= 18 && !agentArgs.contains("engine=instrument");
        if (resolverProvider) {
            assertTrue(ours.contains("dev.dnspatch.spi.PolicyResolver"), "the resolver provider ran: " + ours);
            for (String loaded : ours) {
                assertTrue(INSTRUMENT_ONLY.stream().noneMatch(loaded::startsWith),
                        loaded + " loaded with the resolver provider: " + ours);
            }
        }
        if (agentArgs.contains("mode=auto")) {
            assertTrue(ours.containsAll(AUTO_ONLY), "auto probed routes: " + ours);
        }
        // The app has no Netty: the hook's transformer checked each class name, and loaded nothing else.
        List<String> netty = ours.stream().filter(l -> l.startsWith("dev.dnspatch.netty.")).collect(Collectors.toList());
        assertEquals(agentArgs.contains("netty=off") ? List.of() : List.of(NETTY_TRANSFORMER), netty,
                "the Netty hook loaded: " + ours);
        assertTrue(run.stderrLines().stream().anyMatch(l -> l.endsWith(agentArgs.contains("netty=off") ? ", netty=off"
                : ", netty=on")), run.toString());
    }

    /**
     * Under JAVA_TOOL_OPTIONS the agent reaches every JVM of a container, most of which are not the
     * app: with nothing configured, premain says so in one line and loads the one class the
     * resolver provider asks at the first lookup; on JDK 18+ that provider is dnspatch's, which
     * hands back the JDK's own resolver.
     */
    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("dev.dnspatch.it.support.Runtimes#jdks")
    void aJvmWithNothingConfiguredLoadsNextToNothing(int feature) throws Exception {
        ForkedJvm.Result run = ForkedJvm.on(Jdks.require(feature))
                .jvmOption(feature == 8 ? "-verbose:class" : "-Xlog:class+load=info:stderr")
                .withAgent("").run(ResolveOnce.class.getName(), "localhost");

        assertEquals(0, run.exitCode, run.toString());
        List<String> ours = Stream.concat(run.stdoutLines().stream(), run.stderrLines().stream())
                .map(StartupClassesTest::loadedClass)
                .filter(name -> name.startsWith("dev.dnspatch.") && !name.startsWith(ResolveOnce.class.getName()))
                .collect(Collectors.toList());
        List<String> expected = new ArrayList<>(List.of("dev.dnspatch.Agent", "dev.dnspatch.engine.ProviderSwitch"));
        if (feature >= 18) {
            // The provider, and the exception its class path start-up can throw, which the verifier loads.
            expected.addAll(List.of("dev.dnspatch.spi.DnspatchResolverProvider", "dev.dnspatch.config.ConfigException"));
        }
        assertEquals(expected, ours, run.toString());
        assertTrue(run.stderrLines().contains("[dnspatch] warning: no hosts configured, patching nothing; name them"
                + " with hosts=..., -Ddnspatch.hosts=... or DNSPATCH_HOSTS=..."), run.toString());
    }

    /**
     * The class a class loading line names: {@code [0.1s][info][class,load] NAME source: ...} on
     * JDK 9+, {@code [Loaded NAME from ...]} on JDK 8; empty for other lines.
     */
    private static String loadedClass(String line) {
        if (line.startsWith("[Loaded ")) {
            return line.substring("[Loaded ".length()).replaceAll(" from .*$", "");
        }
        return line.contains("[class,load]") ? line.replaceAll("^.*\\] ", "").replaceAll(" source: .*$", "") : "";
    }
}
