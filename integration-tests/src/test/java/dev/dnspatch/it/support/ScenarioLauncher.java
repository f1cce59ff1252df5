package dev.dnspatch.it.support;

import static dev.dnspatch.it.support.Shell.quote;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An executable that stands in for {@code java}, as {@link Postgres#launcher} does for scenarios
 * with other servers or none: each call builds a fresh namespace of the given kind, starts in it
 * the DNS server for a zone and the servers added here, waits until each is ready, runs
 * {@code java} with the arguments it got, and stops them all (they die with the run's PID
 * namespace, even when a test is killed). It exits with the app's exit code and prints nothing of
 * its own unless a server fails to start (then its log goes to stderr and it exits 97). The DNS
 * server's log of queries is appended to {@link #dnsLog}, and the number of connects the app
 * started to {@link #connectAttempts}.
 */
public final class ScenarioLauncher {
    private final Path dir;
    /** Name to {command, readiness condition}, both for /bin/sh. */
    private final Map<String, String[]> servers = new LinkedHashMap<>();
    private final List<String> dnsOptions = new ArrayList<>();

    private ScenarioLauncher(Path dir) {
        this.dir = dir;
    }

    /** Launchers whose runs keep their logs in {@code run.*} folders under {@code dir}. */
    public static ScenarioLauncher in(Path dir) {
        return new ScenarioLauncher(dir);
    }

    /**
     * Another server to start in each run: {@code command} for /bin/sh, whose output goes to
     * {@code $run/NAME.log}; the run waits until {@code ready} (also for /bin/sh) holds.
     */
    public ScenarioLauncher server(String name, String command, String ready) {
        servers.put(name, new String[] {command, ready});
        return this;
    }

    /** A JVM option for the DNS server, such as {@code -Ddnsserver.silent=true} (see {@link DnsServer}). */
    public ScenarioLauncher dnsOption(String option) {
        dnsOptions.add(option);
        return this;
    }

    public Path dnsLog() {
        return dir.resolve("dns.log");
    }

    /**
     * The TCP connects the app started in each finished run, oldest first: the namespace's own count
     * of connects that sent a SYN ({@code ActiveOpens} in {@code /proc/net/snmp}), read once the app
     * has exited. What a client tried, whatever it reports: a connect into a path that swallows
     * packets counts, whether the client waited it out or gave up on it early; one that fails at once
     * for want of a route sends nothing and does not count. Nothing else in the namespace connects
     * (the servers only accept), so the count is the app's alone.
     */
    public List<Integer> connectAttempts() throws IOException {
        Path log = dir.resolve("connects.log");
        List<Integer> counts = new ArrayList<>();
        if (Files.exists(log)) {
            Files.readAllLines(log).forEach(line -> counts.add(Integer.parseInt(line.trim())));
        }
        return counts;
    }

    /**
     * The shell lines every scenario launcher starts with: a run folder in {@code dir}, {@code fail}
     * (print the servers' logs and exit 97), {@code wait_for CONDITION NAME} (until the condition
     * holds, the server has not exited, or 20 s pass), and a private perf-data folder: JVMs of
     * parallel runs share PIDs, each in its own PID namespace, and would clash over
     * /tmp/hsperfdata_root/PID and warn on stdout.
     */
    static List<String> prelude(Path dir) {
        return new ArrayList<>(List.of(
                "run=$(mktemp -d " + quote(dir + "/run.XXXXXX") + ") || exit 97",
                "fail() {",
                "  echo \"[scenario] $1\" >&2",
                "  for log in \"$run\"/*.log; do echo \"--- $log\" >&2; tail -n 30 \"$log\" >&2; done",
                "  exit 97",
                "}",
                "wait_for() {",
                "  i=0",
                "  until eval \"$1\"; do",
                "    [ -e \"$run/$2.exit\" ] && fail \"$2 exited with code $(cat \"$run/$2.exit\")\"",
                "    i=$((i + 1)); [ $i -le 400 ] || fail \"$2 did not start in 20 s\"",
                "    sleep 0.05",
                "  done",
                "}",
                "mkdir -p /tmp/hsperfdata_root && mount -t tmpfs -o size=8m,mode=0755 tmpfs /tmp/hsperfdata_root"
                        + " || fail 'cannot mount a private /tmp/hsperfdata_root'"));
    }

    public Path write(Path java, Namespace namespace, DnsServer.Zone zone) throws IOException {
        List<String> dns = new ArrayList<>(DnsServer.command(zone));
        dns.addAll(1, dnsOptions);
        List<String> lines = prelude(dir);
        lines.addAll(List.of(
                "{ env -u JAVA_TOOL_OPTIONS -u JDK_JAVA_OPTIONS -u _JAVA_OPTIONS " + quote(dns)
                        + " \"$run/dns.ready\" >\"$run/dns.log\" 2>&1; echo $? >\"$run/dns.exit\"; } &"));
        servers.forEach((name, server) -> lines.add("{ " + server[0] + " >\"$run/" + name + ".log\" 2>&1; echo $? >\"$run/"
                + name + ".exit\"; } &"));
        lines.add("wait_for '[ -e \"$run/dns.ready\" ]' dns");
        servers.forEach((name, server) -> lines.add("wait_for " + quote(server[1]) + " " + name));
        lines.addAll(List.of(
                quote(java.toString()) + " \"$@\"",
                "code=$?",
                "awk '$1 == \"Tcp:\" { if (!c) { for (i = 2; i <= NF; i++) if ($i == \"ActiveOpens\") c = i } else print $c }'"
                        + " /proc/net/snmp >>" + quote(dir.resolve("connects.log").toString()),
                "cat \"$run/dns.log\" >>" + quote(dnsLog().toString()),
                "exit $code"));
        List<String> inNamespace = namespace.wrap(List.of("unshare", "--pid", "--fork", "--kill-child", "--",
                "/bin/sh", "-c", String.join("\n", lines), "dnspatch-scenario"));
        Path jdk = java.toAbsolutePath().getParent().getParent().getFileName();
        Path launcher = Files.createTempFile(dir, "java-" + jdk + "-", "");
        Files.writeString(launcher, "#!/bin/sh\nexec " + quote(inNamespace) + " \"$@\"\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        return launcher;
    }
}
