package dev.dnspatch.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * One forked app in a run of a namespace scenario of its own ({@link ScenarioLauncher}): the app's
 * output, and the queries its DNS server answered for it. The tests of clients that resolve
 * through Netty's own resolver (or the JDK's) compare such a run without the agent and with it.
 */
public final class ScenarioRun {
    private final ForkedJvm.Result result;
    private final Path dnsLog;

    private ScenarioRun(ForkedJvm.Result result, Path dnsLog) {
        this.result = result;
        this.dnsLog = dnsLog;
    }

    /** An app about to run: its JVM, ready for options, with its own query log. */
    public static final class Launch {
        public final ForkedJvm jvm;
        private final Path dnsLog;

        /**
         * A JVM of this JDK in a fresh run of the scenario (the launcher shaped as {@code setup} says:
         * more servers, a silent DNS server), with {@code -Djava.net.preferIPv6Addresses=true} where
         * asked, Netty's own Unsafe warning allowed away on JDK 24+, and the agent where {@code agent}
         * is not null.
         */
        public Launch(Path dir, Namespace namespace, DnsServer.Zone zone, int feature, String agent, boolean preferIpv6,
                UnaryOperator<ScenarioLauncher> setup) throws Exception {
            ScenarioLauncher launcher = setup.apply(ScenarioLauncher.in(Files.createTempDirectory(dir, "run")));
            dnsLog = launcher.dnsLog();
            jvm = ForkedJvm.on(launcher.write(Jdks.require(feature), namespace, zone));
            if (preferIpv6) {
                jvm.jvmOption("-Djava.net.preferIPv6Addresses=true");
            }
            if (feature >= 24) {
                // Netty's own warning about sun.misc.Unsafe, with or without the agent.
                jvm.jvmOption("--sun-misc-unsafe-memory-access=allow");
            }
            if (agent != null) {
                jvm.withAgent(agent);
            }
        }

        public Launch classPath(List<Path> entries) {
            jvm.classPath(entries);
            return this;
        }

        public Launch option(String... options) {
            for (String option : options) {
                jvm.jvmOption(option);
            }
            return this;
        }

        public ScenarioRun run(String mainClass, String... args) throws Exception {
            return new ScenarioRun(jvm.run(mainClass, args), dnsLog);
        }
    }

    public ForkedJvm.Result result() {
        return result;
    }

    public List<String> stdout() {
        return result.stdoutLines();
    }

    /** The record types asked for this host, in the order the server saw them. */
    public List<String> queries(String host) throws Exception {
        String prefix = host + ". ";
        return Files.readAllLines(dnsLog).stream().filter(l -> l.startsWith(prefix))
                .map(l -> l.substring(prefix.length()).split(" ")[0]).collect(Collectors.toList());
    }

    public String banner() {
        List<String> lines = result.stderrLines();
        return lines.isEmpty() ? "" : lines.get(0);
    }

    /** Everything the agent printed but its banner, which must come first. */
    public List<String> agentLinesAfterTheBanner() {
        List<String> lines = result.stderrLines();
        assertTrue(!lines.isEmpty() && lines.get(0).startsWith("[dnspatch] dnspatch "), toString());
        return lines.subList(1, lines.size()).stream().filter(l -> l.startsWith("[dnspatch] "))
                .collect(Collectors.toList());
    }

    /** What the app and its libraries wrote on stderr: everything but the agent's lines. */
    public List<String> otherStderr() {
        return result.stderrLines().stream().filter(l -> !l.startsWith("[dnspatch] ")).collect(Collectors.toList());
    }

    /**
     * Prints both runs under this tag, and checks that nothing but the agent wrote anything the run
     * without it did not.
     */
    public static void report(String tag, String scenario, ScenarioRun without, ScenarioRun with) {
        if (without != null) {
            assertEquals(without.otherStderr(), with.otherStderr(), with.toString());
        }
        System.out.println("[" + tag + "] " + scenario + ": " + (without == null ? "" : "without the agent "
                + without.stdout() + "; ") + "with it " + with.stdout() + " " + with.result.stderrLines());
    }

    @Override
    public String toString() {
        String queries;
        try {
            queries = String.join("\n", Files.readAllLines(dnsLog));
        } catch (Exception e) {
            queries = e.toString();
        }
        return result + "--- DNS\n" + queries;
    }
}
