package dev.dnspatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dnspatch.it.support.ForkedJvm;
import dev.dnspatch.it.support.Jdks;
import dev.dnspatch.it.support.SourceTree;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code java -jar dnspatch-agent.jar ...} on the oldest JDK here, as users run it. */
class CommandLineTest {
    private final Path java17 = Jdks.require(17);

    /** The commit is the one git names for this source tree now, asked independently of the build. */
    @Test
    void versionPrintsTheReleaseAndTheCommitItWasBuiltFrom() throws Exception {
        ForkedJvm.Result run = ForkedJvm.on(java17).runJar("--version");

        String commit = SourceTree.commit()
                .map(c -> "commit " + c.substring(0, 7) + (SourceTree.modified() ? " with local changes" : ""))
                .orElse("commit unknown: built outside git");
        String expected = "dnspatch " + SourceTree.version() + " (" + commit + ", Java 17";
        assertEquals(0, run.exitCode, run.toString());
        assertTrue(run.stdout.matches(Pattern.quote(expected) + "[.\\d]*\\)\\R"),
                run.stdout + " is not " + expected + "...)");
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
    void unknownCommandIsBadUsageWithExitTwo() throws Exception {
        ForkedJvm.Result run = ForkedJvm.on(java17).runJar("--hepl");

        assertEquals(2, run.exitCode, run.toString());
        assertTrue(run.stderr.startsWith("dnspatch: unknown command '--hepl'"), run.stderr);
    }
}
