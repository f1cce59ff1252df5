package dev.dnspatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.dnspatch.it.apps.HelloApp;
import dev.dnspatch.it.support.ForkedJvm;
import dev.dnspatch.it.support.Jdks;
import dev.dnspatch.it.support.Runtimes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A catalogue of malformed configurations, each run through the real premain of the built jar
 * in its own JVM: the whole catalogue on JDK 17 and 25, every fourth row on JDK 8, 11 and 21
 * (the parser is the same Java 8 bytecode everywhere; the sample shows it reads the same there). Every row shows the input and, right beside it, the
 * exact problem the user reads. The row passes when:
 *
 * <ul>
 *   <li>without strict, stderr is exactly {@code [dnspatch] error: PROBLEM; the app runs unpatched},
 *       and the app runs and exits 0;</li>
 *   <li>with {@code DNSPATCH_STRICT=true} added, stderr is exactly {@code [dnspatch] error: PROBLEM;
 *       strict=true, so the JVM will not start}, the app's main never runs, and the JVM exits 78.
 *       Rows whose own input sets strict say what happens instead.</li>
 * </ul>
 *
 * One JVM per row and run: the configuration is read once per JVM, from its own command line and
 * environment, so sharing a JVM would test something else. Each such JVM takes about 0.1 s, and
 * they run side by side.
 */
@Execution(ExecutionMode.CONCURRENT)
class MalformedConfigurationTest {
    private static final String APP = HelloApp.class.getName();
    private static final String APP_OUTPUT = "hello from the app";
    private static final String OPTIONS = "; options are hosts, mode, log, engine, strict, netty";
    private static final String MODES = "mode must be one of ipv4-only, ipv4-first, ipv6-only, ipv6-first, auto";
    private static final String ARGS_EXAMPLE = "expected key=value pairs such as hosts=db.example.com,mode=ipv4-only";
    private static final String NAMES = "expected names like db.example.com or *.example.com";
    private static final String STAR = "'*' may only stand alone or open a pattern as '*.'";
    private static final String KB100 = "a".repeat(100_000);
    private static final String CUT = "a".repeat(60) + "... (100000 characters)";
    /** Every SAMPLE-th row runs on the JDKs other than 17 and 25. */
    private static final int SAMPLE = 4;

    /** The catalogue. */
    static List<Case> catalogue() {
        return List.of(
                // ---- Agent arguments: unknown keys
                args("host=db.example.com")
                        .says("unknown option 'host' (did you mean 'hosts'?)" + OPTIONS),
                args("hosts=db.example.com,mod=ipv4-first")
                        .says("unknown option 'mod' (did you mean 'mode'?)" + OPTIONS),
                args("hosts=db.example.com,timeout=5")
                        .says("unknown option 'timeout'" + OPTIONS),
                args("hösts=db.example.com")
                        .says("unknown option 'hösts' (did you mean 'hosts'?)" + OPTIONS),
                args(KB100 + "=1")
                        .says("unknown option '" + CUT + "'" + OPTIONS),

                // ---- Agent arguments: bad values
                args("hosts=db.example.com,mode=ipv4_only")
                        .says(MODES + " [ipv4_only] (did you mean 'ipv4-only'?)"),
                args("hosts=db.example.com,mode=atuo")
                        .says(MODES + " [atuo] (did you mean 'auto'?)"),
                args("hosts=db.example.com,mode=")
                        .says(MODES + " []"),
                args("hosts=db.example.com,log=verbose")
                        .says("log must be one of off, error, warn, info, debug [verbose]"),
                args("hosts=db.example.com,engine=bytebuddy")
                        .says("engine must be one of auto, spi, instrument [bytebuddy]"),
                args("hosts=db.example.com,mode=" + KB100)
                        .says(MODES + " [" + CUT + "]"),
                args("hosts=db.example.com,nety=off")
                        .says("unknown option 'nety' (did you mean 'netty'?)" + OPTIONS),
                args("hosts=db.example.com,netty=false")
                        .says("netty must be on or off [false] (did you mean 'off'?)"),
                args("hosts=db.example.com,netty=" + KB100)
                        .says("netty must be on or off [" + CUT + "]"),

                // ---- Agent arguments: strict itself is garbage. It counts as false, so even a
                // DNSPATCH_STRICT=true below it (the agent argument wins) cannot stop the JVM.
                args("hosts=db.example.com,strict=garbage")
                        .says("strict must be true or false [garbage]").strictIgnored(),
                args("hosts=db.example.com,strict=yes")
                        .says("strict must be true or false [yes]").strictIgnored(),
                args("hosts=db.example.com,strict=")
                        .says("strict must be true or false []").strictIgnored(),
                args("hosts=db.example.com,strict=" + KB100)
                        .says("strict must be true or false [" + CUT + "]").strictIgnored(),
                // strict=true in the agent arguments stops the JVM by itself.
                args("strict=true,hosts=db.example.com,mode=ipv4-frist")
                        .says(MODES + " [ipv4-frist] (did you mean 'ipv4-first'?)").alwaysStrict(),

                // ---- Agent arguments: empty and duplicate patterns, stray separators
                args("hosts=")
                        .says("hosts has an empty host pattern (a stray comma?); " + NAMES),
                args("hosts=db.example.com,")
                        .says("hosts has an empty host pattern (a stray comma?); " + NAMES),
                args("hosts=a.example.com,,b.example.com")
                        .says("hosts has an empty host pattern (a stray comma?); " + NAMES),
                args(",hosts=db.example.com")
                        .says("agent arguments have an empty entry (a stray comma?) [,hosts=db.example.com]; "
                                + ARGS_EXAMPLE),
                args("hosts=db.example.com,mode=ipv4-only,")
                        .says("agent arguments have an empty entry (a stray comma?)"
                                + " [hosts=db.example.com,mode=ipv4-only,]; " + ARGS_EXAMPLE),
                args("hosts=db.example.com,DB.Example.COM.")
                        .says("hosts lists the host pattern 'db.example.com' twice"),
                args("hosts=db.example.com,hosts=other.example.com")
                        .says("hosts is given twice in the agent arguments; give it once, with a comma-separated"
                                + " list"),
                args("hosts=db.example.com,mode=ipv4-only,mode=ipv6-only")
                        .says("mode is given twice in the agent arguments; give it once"),
                args("hosts=db.example.com,mode=ipv4-only,ipv6-first")
                        .says("mode takes one value, but 'ipv6-first' follows it; " + ARGS_EXAMPLE),
                args("hosts")
                        .says("agent argument 'hosts' has no value; expected hosts=..."),
                args("=db.example.com")
                        .says("agent argument '=db.example.com' has no option name; " + ARGS_EXAMPLE),
                args("hosts=db.example.com;mode=ipv4-first")
                        .says("host pattern has the character ';', which no host name has in hosts"
                                + " [db.example.com;mode=ipv4-first]"),
                args("hosts=db.example.com mode=ipv4-first")
                        .says("host pattern has the character ' ', which no host name has in hosts"
                                + " [db.example.com mode=ipv4-first]"),
                args("hosts=jdbc:postgresql://db.example.com:5432/app")
                        .says("host pattern has the character ':', which no host name has in hosts"
                                + " [jdbc:postgresql://db.example.com:5432/app]"),
                // ---- Agent arguments: a pattern's own mode
                args("hosts=db.example.com,*.corp.internal:ipv6_first")
                        .says("the mode of *.corp.internal in hosts must be one of ipv4-only, ipv4-first, ipv6-only,"
                                + " ipv6-first, auto [ipv6_first] (did you mean 'ipv6-first'?)"),
                args("hosts=db.example.com:5432")
                        .says("the mode of db.example.com in hosts must be one of ipv4-only, ipv4-first, ipv6-only,"
                                + " ipv6-first, auto [5432] (a port does not belong in a host pattern)"),
                args("hosts=db.example.com:mode=ipv6-first")
                        .says("the mode of db.example.com in hosts must be one of ipv4-only, ipv4-first, ipv6-only,"
                                + " ipv6-first, auto [mode=ipv6-first] (write the mode alone: db.example.com:ipv6-first)"),
                args("hosts=:ipv6-first")
                        .says("hosts has a mode with no host pattern before it [:ipv6-first]; expected PATTERN:MODE"
                                + " such as *.corp.internal:ipv6-first"),
                env("DNSPATCH_HOSTS", "*.supabase.co,*.corp.internal:ipv6-frist")
                        .says("the mode of *.corp.internal in DNSPATCH_HOSTS must be one of ipv4-only, ipv4-first,"
                                + " ipv6-only, ipv6-first, auto [ipv6-frist] (did you mean 'ipv6-first'?)"),
                args("hosts=*example.com")
                        .says(STAR + " in hosts [*example.com]; expected *.example.com"),
                args("hosts=db.*.example.com")
                        .says(STAR + " in hosts [db.*.example.com]; expected *.example.com"),
                args("hosts=db..example.com")
                        .says("host pattern has an empty label (two dots in a row, or a leading dot) in hosts"
                                + " [db..example.com]"),
                args("hosts=.example.com")
                        .says("host pattern has an empty label (two dots in a row, or a leading dot) in hosts"
                                + " [.example.com]"),
                args("hosts=*.")
                        .says("host pattern names no host in hosts [*.]; expected db.example.com or *.example.com"),

                // ---- Agent arguments: control characters, non-ASCII, 100 kB
                // (Leading and trailing control characters are trimmed like spaces: the name is clear.)
                args("hosts=db\u0007.example.com")
                        .says("host pattern has the character '\\u0007', which no host name has in hosts"
                                + " [db\\u0007.example.com]"),
                args("hosts=db.example.com\nmode=ipv4-first")
                        .says("host pattern has the character '\\u000a', which no host name has in hosts"
                                + " [db.example.com\\u000amode=ipv4-first]"),
                args("hosts=bücher.example")
                        .says("host pattern must be ASCII in hosts [bücher.example]; write internationalized names in"
                                + " their xn-- form"),
                args("hosts=" + KB100)
                        .says("host pattern is longer than 253 characters in hosts [" + CUT + "]"),
                args("hosts=" + "a".repeat(64) + ".example.com")
                        .says("host pattern has a label longer than 63 characters in hosts ["
                                + "a".repeat(60) + "... (76 characters)]"),
                args("hosts=db.example.com" + ",".repeat(100_000))
                        .says("hosts has an empty host pattern (a stray comma?); " + NAMES),

                // ---- System properties
                property("dnspatch.host", "db.example.com")
                        .says("unknown system property '-Ddnspatch.host' (did you mean '-Ddnspatch.hosts'?)"),
                property("dnspatch.hosts", "")
                        .says("-Ddnspatch.hosts has an empty host pattern (a stray comma?); " + NAMES),
                property("dnspatch.hosts", "a.example.com,,b.example.com")
                        .says("-Ddnspatch.hosts has an empty host pattern (a stray comma?); " + NAMES),
                property("dnspatch.hosts", "a.example.com,A.EXAMPLE.COM")
                        .says("-Ddnspatch.hosts lists the host pattern 'a.example.com' twice"),
                property("dnspatch.hosts", "db\texample.com")
                        .says("host pattern has the character '\\u0009', which no host name has in -Ddnspatch.hosts"
                                + " [db\\u0009example.com]"),
                property("dnspatch.hosts", "ünïcode.example")
                        .says("host pattern must be ASCII in -Ddnspatch.hosts [ünïcode.example]; write"
                                + " internationalized names in their xn-- form"),
                property("dnspatch.hosts", KB100)
                        .says("host pattern is longer than 253 characters in -Ddnspatch.hosts [" + CUT + "]"),
                property("dnspatch.mode", "ipv4").and("dnspatch.hosts", "db.example.com")
                        .says("-Ddnspatch.mode must be one of ipv4-only, ipv4-first, ipv6-only, ipv6-first, auto [ipv4]"),
                property("dnspatch.log", "loud").and("dnspatch.hosts", "db.example.com")
                        .says("-Ddnspatch.log must be one of off, error, warn, info, debug [loud]"),
                property("dnspatch.netty", "no").and("dnspatch.hosts", "db.example.com")
                        .says("-Ddnspatch.netty must be on or off [no] (did you mean 'off'?)"),
                // A -D value wins over DNSPATCH_STRICT=true, and garbage counts as false.
                property("dnspatch.strict", "garbage").and("dnspatch.hosts", "db.example.com")
                        .says("-Ddnspatch.strict must be true or false [garbage]").strictIgnored(),

                // ---- Environment variables
                env("DNSPATCH_HOST", "db.example.com")
                        .says("unknown environment variable 'DNSPATCH_HOST' (did you mean 'DNSPATCH_HOSTS'?)"),
                env("DNSPATCH_HÖSTS", "db.example.com")
                        .says("unknown environment variable 'DNSPATCH_HÖSTS' (did you mean 'DNSPATCH_HOSTS'?)"),
                env("DNSPATCH_HOSTS", ",")
                        .says("DNSPATCH_HOSTS has an empty host pattern (a stray comma?); " + NAMES),
                env("DNSPATCH_HOSTS", "db.example.com db2.example.com")
                        .says("host pattern has the character ' ', which no host name has in DNSPATCH_HOSTS"
                                + " [db.example.com db2.example.com]"),
                env("DNSPATCH_HOSTS", "db.example.com\u001b[31m")
                        .says("host pattern has the character '\\u001b', which no host name has in DNSPATCH_HOSTS"
                                + " [db.example.com\\u001b[31m]"),
                env("DNSPATCH_HOSTS", "a.example.com,".repeat(7_143))
                        .says("DNSPATCH_HOSTS lists the host pattern 'a.example.com' twice"),
                env("DNSPATCH_HOSTS", "db.example.com").and("DNSPATCH_MODE", "IPv4 only")
                        .says("DNSPATCH_MODE must be one of ipv4-only, ipv4-first, ipv6-only, ipv6-first, auto [IPv4 only]"
                                + " (did you mean 'ipv4-only'?)"),
                env("DNSPATCH_HOSTS", "db.example.com").and("DNSPATCH_ENGINE", "asm")
                        .says("DNSPATCH_ENGINE must be one of auto, spi, instrument [asm]"),
                env("DNSPATCH_HOSTS", "db.example.com").and("DNSPATCH_NETTY", "disabled")
                        .says("DNSPATCH_NETTY must be on or off [disabled] (did you mean 'off'?)"),
                env("DNSPATCH_NETY", "off")
                        .says("unknown environment variable 'DNSPATCH_NETY' (did you mean 'DNSPATCH_NETTY'?)"),
                env("DNSPATCH_HOSTS", "db.example.com").and("DNSPATCH_MODE", KB100)
                        .says("DNSPATCH_MODE must be one of ipv4-only, ipv4-first, ipv6-only, ipv6-first, auto [" + CUT
                                + "]"),
                // The case itself sets DNSPATCH_STRICT: garbage counts as false.
                env("DNSPATCH_HOSTS", "db.example.com").and("DNSPATCH_STRICT", "garbage")
                        .says("DNSPATCH_STRICT must be true or false [garbage]").strictIgnored(),

                // ---- Sources together: each is checked, the first problem is the one line.
                args("hosts=db.example.com").property("dnspatch.mod", "ipv4-first")
                        .says("unknown system property '-Ddnspatch.mod' (did you mean '-Ddnspatch.mode'?)"),
                args("mode=ipv4-first").env("DNSPATCH_HOSTS", "db.example.com,").env("DNSPATCH_LOG", "debug")
                        .says("DNSPATCH_HOSTS has an empty host pattern (a stray comma?); " + NAMES),
                // log=off silences the line while the app runs unpatched, as asked; a JVM that
                // refuses to start still says why.
                args("hosts=db.example.com,log=off,mode=ipv4_only")
                        .says(MODES + " [ipv4_only] (did you mean 'ipv4-only'?)").silentUnlessStrict());
    }

    static Stream<Arguments> runs() {
        List<Arguments> runs = new ArrayList<>();
        List<Case> catalogue = catalogue();
        for (int jdk : Runtimes.JDKS) {
            for (int i = 0; i < catalogue.size(); i++) {
                if (jdk == 17 || jdk == 25 || i % SAMPLE == 0) {
                    runs.add(Arguments.of(jdk, catalogue.get(i)));
                }
            }
        }
        return runs.stream();
    }

    @ParameterizedTest(name = "JDK {0}: {1}")
    @MethodSource("runs")
    void oneClearLineAndTheAppRunsUnpatched(int jdk, Case c) throws Exception {
        ForkedJvm.Result run = c.jvm(jdk, false).run(APP);

        if (c.alwaysStrict) {
            assertRefused(c, run);
        } else {
            assertRanUnpatched(c.silent ? List.of() : List.of(unpatchedLine(c)), run);
        }
    }

    @ParameterizedTest(name = "JDK {0}: {1}")
    @MethodSource("runs")
    void underStrictTheJvmRefusesToStartWithTheSameLine(int jdk, Case c) throws Exception {
        ForkedJvm.Result run = c.jvm(jdk, true).run(APP);

        if (c.strictIgnored) {
            assertRanUnpatched(List.of(unpatchedLine(c)), run);
        } else {
            assertRefused(c, run);
        }
    }

    private static String unpatchedLine(Case c) {
        return "[dnspatch] error: " + c.problem + "; the app runs unpatched";
    }

    private static void assertRanUnpatched(List<String> stderr, ForkedJvm.Result run) {
        assertEquals(stderr, run.stderrLines(), run::toString);
        assertEquals(List.of(APP_OUTPUT), run.stdoutLines(), run::toString);
        assertEquals(0, run.exitCode, run::toString);
    }

    private static void assertRefused(Case c, ForkedJvm.Result run) {
        assertEquals(List.of("[dnspatch] error: " + c.problem + "; strict=true, so the JVM will not start"),
                run.stderrLines(), run::toString);
        assertEquals(List.of(), run.stdoutLines(), "the app's main ran: " + run);
        assertEquals(78, run.exitCode, run::toString);
    }

    private static Case args(String agentArgs) {
        return new Case().args(agentArgs);
    }

    private static Case property(String name, String value) {
        return new Case().property(name, value);
    }

    private static Case env(String name, String value) {
        return new Case().env(name, value);
    }

    /** One malformed configuration and the problem it must be reported as. */
    static final class Case {
        String agentArgs;
        final Map<String, String> properties = new LinkedHashMap<>();
        final Map<String, String> env = new LinkedHashMap<>();
        String problem;
        boolean strictIgnored;
        boolean alwaysStrict;
        boolean silent;
        private String lastSource;

        Case args(String value) {
            agentArgs = value;
            lastSource = "args";
            return this;
        }

        Case property(String name, String value) {
            properties.put(name, value);
            lastSource = "property";
            return this;
        }

        Case env(String name, String value) {
            env.put(name, value);
            lastSource = "env";
            return this;
        }

        /** Another entry in the same place as the last one. */
        Case and(String name, String value) {
            return lastSource.equals("env") ? env(name, value) : property(name, value);
        }

        Case says(String expectedProblem) {
            problem = expectedProblem;
            return this;
        }

        /** The input's own strict value wins over DNSPATCH_STRICT=true and is not true: the app runs. */
        Case strictIgnored() {
            strictIgnored = true;
            return this;
        }

        /** The input itself says strict=true: both runs refuse to start. */
        Case alwaysStrict() {
            alwaysStrict = true;
            return this;
        }

        /** The input says log=off: no line while the app runs. */
        Case silentUnlessStrict() {
            silent = true;
            return this;
        }

        ForkedJvm jvm(int jdk, boolean strict) {
            if (!toString().chars().allMatch(ch -> ch < 0x80)) {
                String reason = "this JVM passes arguments and environment in "
                        + System.getProperty("sun.jnu.encoding") + ", not UTF-8: run with a UTF-8 locale";
                if (!"UTF-8".equals(System.getProperty("sun.jnu.encoding"))) {
                    System.out.println("[skipped] " + this + ": " + reason);
                }
                assumeTrue("UTF-8".equals(System.getProperty("sun.jnu.encoding")), reason);
            }
            ForkedJvm jvm = ForkedJvm.on(Jdks.require(jdk)).withAgent(agentArgs)
                    // A quicker start for 256 short JVMs; premain runs just the same.
                    .jvmOption("-XX:TieredStopAtLevel=1").jvmOption("-XX:+UseSerialGC")
                    // Non-ASCII arguments and values are read in the locale's charset: make it UTF-8.
                    .env("LC_ALL", "C.UTF-8");
            properties.forEach((name, value) -> jvm.jvmOption("-D" + name + "=" + value));
            env.forEach(jvm::env);
            if (strict && !env.containsKey("DNSPATCH_STRICT")) {
                jvm.env("DNSPATCH_STRICT", "true");
            }
            return jvm;
        }

        @Override
        public String toString() {
            List<String> parts = new ArrayList<>();
            if (agentArgs != null) {
                parts.add("-javaagent:dnspatch-agent.jar=" + shown(agentArgs));
            }
            properties.forEach((name, value) -> parts.add("-D" + shown(name) + "=" + shown(value)));
            env.forEach((name, value) -> parts.add(shown(name) + "=" + shown(value)));
            return String.join(" ", parts);
        }

        private static String shown(String text) {
            String escaped = text.replace("\n", "\\n").replace("\t", "\\t").replace("\u0007", "\\a")
                    .replace("\u001b", "\\e");
            return escaped.length() > 50 ? escaped.substring(0, 40) + "...(" + text.length() + " chars)" : escaped;
        }
    }
}
