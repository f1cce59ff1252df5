package dev.dnspatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dnspatch.it.apps.ConcurrentLookupApp;
import dev.dnspatch.it.support.ForkedJvm;
import dev.dnspatch.it.support.Jdks;
import dev.dnspatch.it.support.Namespace;
import dev.dnspatch.it.support.Runtimes;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * 64 threads × 10,000 lookups on each engine, over a matching name (IPv4 only), a name outside
 * the patterns (both families, untouched) and a name that does not exist (must fail). The JDK's
 * address cache is switched off, so every one of the 640,000 lookups goes through the resolver
 * and the agent. Names come from the namespace's hosts file; the missing one is refused at once
 * by the namespace's 127.0.0.1:53, where nothing listens, so no lookup leaves the machine.
 *
 * <p>Every answer is checked in the app. A deadlock shows as the forked JVM's timeout, a lost
 * exception as a wrong count of failed lookups, a thread the agent started as a new live thread.
 */
class ConcurrentLookupsTest {
    private static final int THREADS = 64;
    private static final int LOOKUPS = 10_000;
    private static final String[] NAMES = {"db.example.test", "other.example.test", "missing.example.test"};

    @TempDir
    static Path dir;
    private static Namespace namespace;

    @BeforeAll
    static void namespace() throws Exception {
        Namespace.assumeAvailable();
        namespace = Namespace.withHosts(dir,
                "2001:db8::1 db.example.test", "127.0.0.1 db.example.test",
                "2001:db8::1 other.example.test", "127.0.0.1 other.example.test");
    }

    static Stream<Arguments> engines() {
        return Runtimes.everyEngine();
    }

    private static ForkedJvm jvm(int jdk) {
        return ForkedJvm.on(Jdks.require(jdk)).in(namespace).timeout(300)
                .jvmOption("-Djava.net.preferIPv6Addresses=true")
                // No address cache: every lookup reaches the resolver, and the agent.
                .jvmOption("-Dsun.net.inetaddr.ttl=0").jvmOption("-Dsun.net.inetaddr.negative.ttl=0");
    }

    private static String[] args(int threads, int lookups) {
        return Stream.concat(Stream.of(String.valueOf(threads), String.valueOf(lookups)), Stream.of(NAMES))
                .toArray(String[]::new);
    }

    @ParameterizedTest(name = "JDK {0}{1}")
    @MethodSource("engines")
    void sixtyFourThreadsTimesTenThousandLookupsAllAnsweredRight(int jdk, String engine, String banner)
            throws Exception {
        long start = System.nanoTime();
        ForkedJvm.Result run = jvm(jdk).withAgent("hosts=db.example.test,missing.example.test" + engine)
                .run(ConcurrentLookupApp.class.getName(), args(THREADS, LOOKUPS));
        System.out.println("[concurrency] JDK " + jdk + engine + ": " + THREADS * LOOKUPS + " lookups in "
                + (System.nanoTime() - start) / 1_000_000 + " ms");

        assertEquals(0, run.exitCode, run::toString);
        List<String> out = run.stdoutLines();
        assertEquals(2, out.size(), run::toString);
        assertEquals("ok " + THREADS * LOOKUPS + ", " + expectedFailures() + " failed as they must", out.get(0),
                run::toString);
        assertTrue(out.get(1).matches("threads: (\\d+) before, \\1 after, new: \\[\\]"), run::toString);
        assertEquals(2, run.stderrLines().size(), run::toString);
        assertTrue(run.stderrLines().get(0).contains(": " + banner + ", "), run::toString);
        assertTrue(run.stderrLines().get(1).startsWith("[dnspatch] db.example.test: using 127.0.0.1"),
                run::toString);
    }

    @Test
    void withoutTheAgentTheMatchingNameGetsIpv6First() throws Exception {
        ForkedJvm.Result run = jvm(25).run(ConcurrentLookupApp.class.getName(), args(THREADS, 10));

        assertEquals("wrong db.example.test gave db.example.test/2001:db8:0:0:0:0:0:1", run.stdoutLines().get(0),
                run::toString);
    }

    /** Thread t does lookup i of the missing name when (i + t) % 3 == 2. */
    private static int expectedFailures() {
        int failures = 0;
        for (int t = 0; t < THREADS; t++) {
            for (int i = 0; i < LOOKUPS; i++) {
                failures += (i + t) % 3 == 2 ? 1 : 0;
            }
        }
        return failures;
    }
}
