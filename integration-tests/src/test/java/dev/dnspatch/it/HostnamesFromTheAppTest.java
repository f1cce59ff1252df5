package dev.dnspatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dnspatch.it.apps.HostnameApp;
import dev.dnspatch.it.support.ForkedJvm;
import dev.dnspatch.it.support.Jdks;
import dev.dnspatch.it.support.Namespace;
import dev.dnspatch.it.support.Runtimes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whatever host name the application passes in (IP literals, IPv6 literals with zone ids,
 * trailing dots, names of 253 characters and more, the empty string, null, names that are not
 * ASCII), the agent lets out no exception but the JDK's own {@code UnknownHostException}, and
 * every answer the policy does not apply to is exactly the answer without the agent. The policy
 * applies only to names that reach the resolver and match: there the answer is the one without
 * the agent, IPv6 removed (or dnspatch's explanation when nothing is left).
 */
class HostnamesFromTheAppTest {
    private static final String APP = HostnameApp.class.getName();
    /** 253 characters, the longest a DNS name can be, ending in .example.test. */
    private static final String NAME_253 = "a".repeat(63) + "." + "b".repeat(63) + "." + "c".repeat(63) + "."
            + "d".repeat(48) + ".example.test";

    @TempDir
    static Path dir;
    private static Namespace namespace;

    /** The names, and whether they reach the resolver (IP literals, null and "" never do). */
    private static final Map<String, Boolean> NAMES = new LinkedHashMap<>();

    static {
        for (String literal : List.of("127.0.0.1", "::1", "[::1]", "2001:db8::1", "[2001:db8::1]", "fe80::1%lo",
                "fe80::1%1", "[fe80::1%lo]", "fe80::1%eth9", "fe80::1%", "::ffff:127.0.0.1", "<null>", "<empty>")) {
            NAMES.put(literal, false);
        }
        for (String name : List.of("db.example.test", "DB.Example.TEST", "db.example.test.", "db.example.test..",
                ".db.example.test", "v6only.example.test", "v4only.example.test", "missing.example.test",
                "other.test", "localhost", NAME_253, NAME_253 + ".", "x" + NAME_253, "a".repeat(300),
                "a.".repeat(50_000) + "example.test", "bücher.example.test", "xn--bcher-kva.example.test",
                "\u212aexample.test", "日本.example.test", "a b.example.test", "%", ".", "-", "[db.example.test]",
                "127.0.0.1.example.test", "2001:db8::1.example.test", "[::1", "::1]")) {
            NAMES.put(name, true);
        }
    }

    @BeforeAll
    static void namespace() throws Exception {
        Namespace.assumeAvailable();
        namespace = Namespace.withHosts(dir,
                "127.0.0.1 db.example.test", "2001:db8::1 db.example.test",
                "2001:db8::2 v6only.example.test",
                "127.0.0.2 v4only.example.test",
                "127.0.0.3 xn--bcher-kva.example.test", "2001:db8::3 xn--bcher-kva.example.test",
                "127.0.0.4 other.test", "2001:db8::4 other.test",
                "127.0.0.5 " + NAME_253, "2001:db8::5 " + NAME_253);
    }

    /** JDK and the engine= argument that selects the engine. */
    static Stream<Arguments> engines() {
        return Runtimes.everyEngine().map(runtime -> Arguments.of(runtime.get()[0], runtime.get()[1]));
    }

    @ParameterizedTest(name = "JDK {0}{1}")
    @MethodSource("engines")
    void everyNameGetsTheJdksAnswerOrTheJdksUnknownHostException(int jdk, String engine) throws Exception {
        String[] args = NAMES.keySet().toArray(new String[0]);
        Map<String, String> without = answers(jvm(jdk).run(APP, args));

        for (String hosts : List.of("*", "*.example.test")) {
            ForkedJvm.Result run = jvm(jdk).withAgent("hosts=" + hosts + ",log=off" + engine).run(APP, args);
            Map<String, String> with = answers(run);
            System.out.println("[hostnames] JDK " + jdk + engine + ", hosts=" + hosts + ": " + NAMES.size()
                    + " names, " + with.keySet().stream().filter(l -> !with.get(l).equals(without.get(l))).count()
                    + " answers changed by the policy, " + with.values().stream()
                            .filter(a -> a.startsWith("UnknownHostException")).count()
                    + " UnknownHostException, " + with.values().stream().filter(a -> a.startsWith("threw")).count()
                    + " other exceptions (" + without.values().stream().filter(a -> a.startsWith("threw")).count()
                    + " without the agent)");
            assertEquals(NAMES.size(), with.size(), run::toString);
            assertEquals("", run.stderr, run::toString);
            for (String name : NAMES.keySet()) {
                String label = label(name);
                String answer = with.get(label);
                String before = without.get(label);
                assertTrue(answer.startsWith("ok ") || answer.startsWith("UnknownHostException: ")
                        || answer.equals(before), () -> "hosts=" + hosts + ": " + label + ": " + answer);
                boolean applies = NAMES.get(name) && (hosts.equals("*")
                        || name.toLowerCase(java.util.Locale.ROOT).matches(".+\\.example\\.test\\.?"));
                assertEquals(applies ? filtered(name, before) : before, answer,
                        () -> "hosts=" + hosts + engine + " on JDK " + jdk + ": " + label + " (without the agent: "
                                + before + ")");
            }
        }
    }

    private ForkedJvm jvm(int jdk) {
        return ForkedJvm.on(Jdks.require(jdk)).in(namespace).env("LC_ALL", "C.UTF-8");
    }

    /** The answer without the agent, as ipv4-only makes it. */
    private static String filtered(String name, String before) {
        if (!before.startsWith("ok ")) {
            return before;
        }
        List<String> v4 = new ArrayList<>();
        List<String> v6 = new ArrayList<>();
        for (String address : before.substring(3).split(" ")) {
            (address.contains(":") ? v6 : v4).add(address);
        }
        if (!v4.isEmpty()) {
            return "ok " + String.join(" ", v4);
        }
        return "UnknownHostException: " + name + ": no IPv4 address, only " + String.join(", ", v6).replace(
                "2001:db8:0:0:0:0:0:2", "2001:db8::2") + "; dnspatch mode=ipv4-only removed it. Use an IPv4"
                + " endpoint for this host (for example the provider's connection pooler) or give this machine IPv6"
                + " connectivity";
    }

    private static Map<String, String> answers(ForkedJvm.Result run) {
        assertEquals(0, run.exitCode, run::toString);
        Map<String, String> answers = new LinkedHashMap<>();
        for (String line : run.stdoutLines()) {
            int colon = line.indexOf(": ", line.indexOf(")") > 0 && line.contains("characters)")
                    ? line.indexOf("characters)") : 0);
            answers.put(line.substring(0, colon), line.substring(colon + 2));
        }
        return answers;
    }

    private static String label(String arg) {
        return arg.length() <= 40 ? arg : arg.substring(0, 20) + "...(" + arg.length() + " characters)";
    }
}
