package dev.dnspatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dnspatch.it.support.ForkedJvm;
import dev.dnspatch.it.support.Jdks;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code java -jar dnspatch-agent.jar ...} on the oldest JDK here, as users run it. */
class CommandLineTest {
    private final Path java17 = Jdks.require(17);

    @Test
    void versionPrintsTheReleaseAndExitsZero() throws Exception {
        ForkedJvm.Result run = ForkedJvm.on(java17).runJar("--version");

        assertEquals(0, run.exitCode, run.toString());
        assertTrue(run.stdout.matches("dnspatch \\d+\\.\\d+\\.\\d+\\S* \\(Java 17\\S*\\)\\R"), run.stdout);
    }

    @Test
    void helpListsEveryOptionInItsThreeSpellings() throws Exception {
        ForkedJvm.Result run = ForkedJvm.on(java17).runJar("--help");

        assertEquals(0, run.exitCode, run.toString());
        for (String option : new String[] {"hosts", "mode", "log", "engine", "strict"}) {
            assertTrue(run.stdout.contains(option + "="), option);
            assertTrue(run.stdout.contains("dnspatch." + option), option);
            assertTrue(run.stdout.contains("DNSPATCH_" + option.toUpperCase()), option);
        }
    }

    @Test
    void helpDescribesDoctorAndModeAuto() throws Exception {
        ForkedJvm.Result run = ForkedJvm.on(java17).runJar("--help");

        assertTrue(run.stdout.contains("doctor HOST[:PORT] [--dns SERVER[:PORT]] [--timeout MS] [--json]"), run.stdout);
        assertTrue(run.stdout.contains("ipv6-first,\n") && run.stdout.contains("auto (drop addresses"), run.stdout);
    }

    @Test
    void helpDescribesAttach() throws Exception {
        ForkedJvm.Result run = ForkedJvm.on(java17).runJar("--help");

        assertTrue(run.stdout.contains("java -jar dnspatch-agent.jar attach PID [OPTIONS | --off] | attach [--list]"),
                run.stdout);
        assertTrue(run.stdout.contains("attach patches a running JVM, no restart"), run.stdout);
    }

    @Test
    void unknownCommandIsBadUsageWithExitTwo() throws Exception {
        ForkedJvm.Result run = ForkedJvm.on(java17).runJar("--hepl");

        assertEquals(2, run.exitCode, run.toString());
        assertTrue(run.stderr.startsWith("dnspatch: unknown command '--hepl'"), run.stderr);
    }
}
