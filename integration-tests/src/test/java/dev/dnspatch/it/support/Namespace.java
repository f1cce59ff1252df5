package dev.dnspatch.it.support;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private user + network + mount namespace: only loopback, so any global IPv6 address such as
 * {@code 2001:db8::1} answers "Network is unreachable", and its own {@code /etc/hosts} and
 * {@code /etc/resolv.conf} bind-mounted over the real ones, which are never touched. Lookups
 * still go through glibc, exactly as in production.
 */
public final class Namespace {
    private static final String MOUNTS =
            "mount --bind \"$0\" /etc/hosts && mount --bind \"$1\" /etc/resolv.conf && shift && exec \"$@\"";
    private static String unavailable = probe();

    private final Path hostsFile;
    private final Path resolvConf;
    private final List<String> setup;

    private Namespace(Path hostsFile, Path resolvConf, List<String> setup) {
        this.hostsFile = hostsFile;
        this.resolvConf = resolvConf;
        this.setup = setup;
    }

    /** Skips the calling test, with the reason printed, where namespaces cannot be made. */
    public static void assumeAvailable() {
        if (unavailable != null) {
            System.out.println("[skipped] " + unavailable);
        }
        assumeTrue(unavailable == null, unavailable);
    }

    /**
     * A namespace whose hosts file has these lines. Its resolv.conf points at 127.0.0.1, where
     * nothing answers unless a test starts a DNS server, so no lookup leaves the machine.
     */
    public static Namespace withHosts(Path dir, String... hostsLines) throws IOException {
        Path hosts = dir.resolve("hosts");
        List<String> lines = new ArrayList<>();
        lines.add("127.0.0.1 localhost");
        lines.add("::1 localhost ip6-localhost");
        lines.addAll(List.of(hostsLines));
        Files.write(hosts, lines);
        Path resolv = dir.resolve("resolv.conf");
        Files.write(resolv, List.of("nameserver 127.0.0.1", "options timeout:1 attempts:1"));
        return new Namespace(hosts, resolv, List.of("ip link set lo up"));
    }

    /**
     * This namespace with a resolv.conf of these lines instead. Netty's resolver reads resolv.conf
     * itself, and takes {@code attempts} as the number of queries it may send for one lookup: the
     * default {@code attempts:1} of {@link #withHosts} lets it ask for one address family only.
     */
    public Namespace withResolvConf(String... lines) throws IOException {
        Path resolv = Files.createTempFile(hostsFile.getParent(), "resolv", ".conf");
        Files.write(resolv, List.of(lines));
        return new Namespace(hostsFile, resolv, setup);
    }

    /**
     * This namespace with more shell commands run as its root once loopback is up, before the
     * command: to shape its network. Skips the calling test, with the reason printed, where they
     * fail here.
     */
    public Namespace withSetup(String... commands) {
        List<String> more = new ArrayList<>(setup);
        more.addAll(List.of(commands));
        Namespace namespace = new Namespace(hostsFile, resolvConf, List.copyOf(more));
        String failure = run(namespace.wrap(List.of("true")));
        if (failure != null) {
            System.out.println("[skipped] namespace set-up " + List.of(commands) + " fails here: " + failure);
        }
        assumeTrue(failure == null, failure);
        return namespace;
    }

    /**
     * This namespace with the silent variant of an unusable IPv6 network: an IPv6 address and a
     * route for 2001:db8::/32, into a veth pair whose far end drops every packet. A connect there
     * hangs instead of failing with "Network is unreachable". (A dummy interface would do the same,
     * but its kernel module is often not loaded, and a user namespace cannot load it.)
     */
    public Namespace withSilentIpv6Route() {
        return withSetup(
                "ip link add dnspatch0 type veth peer name dnspatch1",
                "ip link set dnspatch1 up",
                // No neighbour discovery: frames leave at once, for a MAC address the far end drops.
                "ip link set dnspatch0 arp off up",
                "ip -6 addr add fd00::2/128 dev dnspatch0 nodad",
                "ip -6 route add 2001:db8::/32 dev dnspatch0");
    }

    /**
     * This namespace with an IPv6 address on an interface (a ULA, {@code fd00::2}, on a veth pair,
     * as a Docker network with IPv6 enabled has) and no route beyond it: global IPv6 such as
     * {@code 2001:db8::1} still answers "Network is unreachable". Netty's resolver asks for AAAA
     * records only where such an address exists, so it is what makes Netty apps fail here.
     */
    public Namespace withUlaAddress() {
        return withSetup(
                "ip link add dnspatch0 type veth peer name dnspatch1",
                "ip link set dnspatch1 up",
                "ip link set dnspatch0 up",
                "ip -6 addr add fd00::2/64 dev dnspatch0 nodad");
    }

    /** The command that runs {@code command} inside a fresh namespace of this kind. */
    public List<String> wrap(List<String> command) {
        String script = String.join(" && ", setup) + " && " + MOUNTS;
        List<String> wrapped = new ArrayList<>(List.of("unshare", "--user", "--map-root-user", "--net", "--mount",
                "--", "/bin/sh", "-c", script, hostsFile.toString(), resolvConf.toString()));
        wrapped.addAll(command);
        return wrapped;
    }

    private static String probe() {
        String failure = run(List.of("unshare", "--user", "--map-root-user", "--net", "--mount", "--",
                "/bin/sh", "-c", "ip link set lo up && mount --bind /dev/null /dev/null"));
        return failure == null ? null
                : "user+network+mount namespaces are not available here (unshare -rnm, ip): " + failure;
    }

    /** Runs a short command; null when it succeeded, else what went wrong. */
    private static String run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes()).trim();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return "'" + command.get(0) + "' did not finish";
            }
            return process.exitValue() == 0 ? null : "exit " + process.exitValue() + ": " + output;
        } catch (IOException e) {
            return "cannot run " + command.get(0) + " (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
