package dev.dnspatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.dnspatch.it.apps.LookupLoopApp;
import dev.dnspatch.it.support.ForkedJvm;
import dev.dnspatch.it.support.Jdks;
import dev.dnspatch.it.support.OtherUsers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code attach} command's own answers: the listing, and one clear line and exit status 1 for
 * a PID that is not there, a process that is no JVM (which must survive the question), another
 * user's JVM and a Java without the Attach API; exit status 2 for bad usage. On JDK 8 the Attach
 * API comes from the JDK's tools.jar.
 */
class AttachCommandTest {
    private static final String UNUSED_PID = "2147483646";

    @TempDir
    static Path dir;

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {8, 17, 25})
    void theListingShowsARunningJvmWithItsMainClass(int feature) throws Exception {
        Path java = Jdks.require(feature);
        try (ForkedJvm.Running app = ForkedJvm.on(java).start(LookupLoopApp.class.getName(), "200", "30000",
                "localhost")) {
            String pid = app.awaitLine(line -> line.startsWith("pid: "), 20_000).substring("pid: ".length());
            String expected = pid + " " + LookupLoopApp.class.getName() + " 200 30000 localhost";
            for (String[] command : new String[][] {{"attach", "--list"}, {"attach"}}) {
                ForkedJvm.Result list = ForkedJvm.on(java).runJar(command);

                assertEquals(0, list.exitCode, list.toString());
                assertTrue(list.stdoutLines().contains(expected), expected + " in\n" + list);
            }
        }
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {8, 17})
    void aPidWithNoProcessIsOneLine(int feature) throws Exception {
        ForkedJvm.Result run = ForkedJvm.on(Jdks.require(feature)).runJar("attach", UNUSED_PID, "hosts=db.example.test");

        assertEquals(1, run.exitCode, run.toString());
        assertEquals("", run.stdout, run.toString());
        assertEquals(List.of("dnspatch attach: no process has PID " + UNUSED_PID), run.stderrLines());
    }

    /** The Attach API starts with SIGQUIT, which would kill a process that does not handle it. */
    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {8, 17})
    void aProcessThatIsNoJvmIsLeftAlone(int feature) throws Exception {
        Process sleep = new ProcessBuilder("sleep", "60").start();
        try {
            ForkedJvm.Result run = ForkedJvm.on(Jdks.require(feature)).runJar("attach", String.valueOf(sleep.pid()),
                    "hosts=db.example.test");

            assertEquals(1, run.exitCode, run.toString());
            assertEquals(List.of("dnspatch attach: process " + sleep.pid() + " (sleep) is not a JVM that accepts"
                    + " attach: it does not handle SIGQUIT, the signal the Attach API starts with (a JVM started"
                    + " with -Xrs does not either)"), run.stderrLines());
            assertTrue(sleep.isAlive(), "the process was killed");
        } finally {
            sleep.destroyForcibly().waitFor();
        }
    }

    @Test
    void anotherUsersJvmIsOneLineThatSaysWhoToRunAs() throws Exception {
        Path java = Jdks.require(17);
        OtherUsers.assumeAvailable();
        Process app = new ProcessBuilder(OtherUsers.as(OtherUsers.NOBODY, List.of(java.toString(), "-cp",
                ForkedJvm.testClasses().toString(), LookupLoopApp.class.getName(), "200", "30000", "localhost")))
                .redirectErrorStream(true).start();
        try {
            waitForJvm(app);
            List<String> command = OtherUsers.as(OtherUsers.POSTGRES, List.of(java.toString(), "-jar",
                    ForkedJvm.agentJar().toString(), "attach", String.valueOf(app.pid()), "hosts=db.example.test"));
            Process attach = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.PIPE).start();
            String stderr = new String(attach.getErrorStream().readAllBytes()).trim();
            assertTrue(attach.waitFor(60, TimeUnit.SECONDS));

            assertEquals(1, attach.exitValue(), stderr);
            assertEquals("dnspatch attach: process " + app.pid() + " runs as user nobody, and a JVM accepts attach"
                    + " only from its own user: run this command as nobody (for example with sudo -u nobody)", stderr);
            assertTrue(app.isAlive());
        } finally {
            app.destroyForcibly().waitFor();
        }
    }

    @Test
    void aJavaWithoutTheAttachApiIsOneLine() throws Exception {
        Path jdk = Jdks.require(17).getParent().getParent();
        Path jre = dir.resolve("jre");
        Process jlink = new ProcessBuilder(jdk.resolve("bin/jlink").toString(), "--add-modules", "java.base",
                "--output", jre.toString()).redirectErrorStream(true).start();
        String output = new String(jlink.getInputStream().readAllBytes());
        boolean made = jlink.waitFor(120, TimeUnit.SECONDS) && jlink.exitValue() == 0;
        if (!made) {
            System.out.println("[skipped] jlink cannot make a runtime without jdk.attach here: " + output);
        }
        assumeTrue(made, output);

        ForkedJvm.Result run = ForkedJvm.on(jre.resolve("bin/java")).runJar("attach", "--list");

        assertEquals(1, run.exitCode, run.toString());
        assertEquals(List.of("dnspatch attach: this Java (" + jre + ") has no Attach API: the jdk.attach module is"
                + " missing, as in a JRE; run the command with a JDK's java"), run.stderrLines());
    }

    @Test
    void badUsageIsExitTwo() throws Exception {
        Path java = Jdks.require(17);
        for (String[] args : new String[][] {{"attach", "db.example.test"}, {"attach", "123", "--of"},
            {"attach", "123", "hosts=db.example.test", "--off"}, {"attach", "--lst"}}) {
            ForkedJvm.Result run = ForkedJvm.on(java).runJar(args);

            assertEquals(2, run.exitCode, run.toString());
            assertEquals(1, run.stderrLines().size(), run.toString());
            assertTrue(run.stderr.startsWith("dnspatch attach: ") && run.stderr.contains("; usage: java -jar"
                    + " dnspatch-agent.jar attach PID [OPTIONS | --off] | attach [--list]"), run.toString());
        }
    }

    /** Until the JVM prints its first line: then it handles SIGQUIT. */
    private static void waitForJvm(Process app) throws Exception {
        byte[] first = new byte[5];
        int read = app.getInputStream().readNBytes(first, 0, first.length);
        assertEquals("pid: ", new String(first, 0, read), "the app did not start as nobody");
    }
}
