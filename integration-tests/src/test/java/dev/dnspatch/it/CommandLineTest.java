package dev.dnspatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dnspatch.it.support.ForkedJvm;
import dev.dnspatch.it.support.Jdks;
import dev.dnspatch.it.support.Runtimes;
import dev.dnspatch.it.support.SourceTree;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code java -jar dnspatch-agent.jar ...} on every JDK, as users run it. */
class CommandLineTest {
    static Stream<Integer> jdks() {
        return Runtimes.jdks();
    }

    /** The commit is the one git names for this source tree now, asked independently of the build. */
    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("jdks")
    void versionPrintsTheReleaseAndTheCommitItWasBuiltFrom(int feature) throws Exception {
        ForkedJvm.Result run = ForkedJvm.on(Jdks.require(feature)).runJar("--version");

        String commit = SourceTree.commit()
                .map(c -> "commit " + c.substring(0, 7) + (SourceTree.modified() ? " with local changes" : ""))
                .orElse("commit unknown: built outside git");
        String expected = "dnspatch " + SourceTree.version() + " (" + commit + ", Java " + (feature == 8 ? "1.8" : feature);
        assertEquals(0, run.exitCode, run.toString());
        assertTrue(run.stdout.matches(Pattern.quote(expected) + "[.\\d_]*\\)\\R"),
                run.stdout + " is not " + expected + "...)");
    }

    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("jdks")
    void helpListsEveryOptionInItsThreeSpellings(int feature) throws Exception {
        ForkedJvm.Result run = ForkedJvm.on(Jdks.require(feature)).runJar("--help");

        assertEquals(0, run.exitCode, run.toString());
        for (String option : new String[] {"hosts", "mode", "log", "engine", "strict", "netty"}) {
            assertTrue(run.stdout.contains(option + "="), option);
            assertTrue(run.stdout.contains("dnspatch." + option), option);
            assertTrue(run.stdout.contains("DNSPATCH_" + option.toUpperCase()), option);
        }
    }

    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("jdks")
    void helpDescribesDoctorAndModeAuto(int feature) throws Exception {
        ForkedJvm.Result run = ForkedJvm.on(Jdks.require(feature)).runJar("--help");

        assertTrue(run.stdout.contains("doctor HOST[:PORT] [--dns SERVER[:PORT]] [--timeout MS] [--json]"), run.stdout);
        assertTrue(run.stdout.contains("ipv6-first,\n") && run.stdout.contains("auto (drop addresses"), run.stdout);
    }

    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("jdks")
    void helpDescribesAttach(int feature) throws Exception {
        ForkedJvm.Result run = ForkedJvm.on(Jdks.require(feature)).runJar("--help");

        assertTrue(run.stdout.contains("java -jar dnspatch-agent.jar attach PID [OPTIONS | --off] | attach [--list]"),
                run.stdout);
        assertTrue(run.stdout.contains("attach patches a running JVM, no restart"), run.stdout);
    }

    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("jdks")
    void unknownCommandIsBadUsageWithExitTwo(int feature) throws Exception {
        ForkedJvm.Result run = ForkedJvm.on(Jdks.require(feature)).runJar("--hepl");

        assertEquals(2, run.exitCode, run.toString());
        assertTrue(run.stderr.startsWith("dnspatch: unknown command '--hepl'"), run.stderr);
    }
}
