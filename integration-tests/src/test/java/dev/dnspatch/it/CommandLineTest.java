package dev.dnspatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dnspatch.it.support.ForkedJvm;
import dev.dnspatch.it.support.Jdks;
import dev.dnspatch.it.support.Runtimes;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code java -jar dnspatch-agent.jar ...} on every JDK, as users run it. */
class CommandLineTest {
    static Stream<Integer> jdks() {
        return Runtimes.jdks();
    }

    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("jdks")
    void versionPrintsTheReleaseAndExitsZero(int feature) throws Exception {
        ForkedJvm.Result run = ForkedJvm.on(Jdks.require(feature)).runJar("--version");

        assertEquals(0, run.exitCode, run.toString());
        String java = feature == 8 ? "1\\.8" : String.valueOf(feature);
        assertTrue(run.stdout.matches("dnspatch \\d+\\.\\d+\\.\\d+\\S* \\(Java " + java + "\\S*\\)\\R"), run.stdout);
    }

    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("jdks")
    void helpListsEveryOptionInItsThreeSpellings(int feature) throws Exception {
        ForkedJvm.Result run = ForkedJvm.on(Jdks.require(feature)).runJar("--help");

        assertEquals(0, run.exitCode, run.toString());
        for (String option : new String[] {"hosts", "mode", "log", "engine", "strict"}) {
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
    void unknownCommandIsBadUsageWithExitTwo(int feature) throws Exception {
        ForkedJvm.Result run = ForkedJvm.on(Jdks.require(feature)).runJar("--hepl");

        assertEquals(2, run.exitCode, run.toString());
        assertTrue(run.stderr.startsWith("dnspatch: unknown command '--hepl'"), run.stderr);
    }
}
