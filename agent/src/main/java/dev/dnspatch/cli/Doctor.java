package dev.dnspatch.cli;

import dev.dnspatch.cli.DoctorArgs.UsageException;
import java.io.File;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.security.CodeSource;
import java.util.List;
import org.slf4j.helpers.NOP_FallbackServiceProvider;
import org.xbill.DNS.Address;

/**
 * {@code doctor HOST[:PORT]}: what DNS says, what this JVM makes of it, what this machine can
 * reach, and what to do about it. Exit 0 when the host is reachable the way this JVM connects,
 * 1 when doctor found a problem, 2 for bad usage. Loaded only by this command: the agent's start-up
 * never touches it or dnsjava.
 */
final class Doctor {
    static final String USAGE = "java -jar dnspatch-agent.jar doctor HOST[:PORT] [--dns SERVER[:PORT]] [--timeout MS]"
            + " [--json]";

    private Doctor() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        DoctorArgs parsed;
        try {
            parsed = DoctorArgs.parse(args, 1);
        } catch (UsageException e) {
            err.println("dnspatch doctor: " + e.getMessage());
            err.println("usage: " + USAGE);
            return 2;
        }
        quietDnsjavaLogging();
        Diagnosis diagnosis = diagnose(parsed);
        if (parsed.json) {
            JsonReport.write(diagnosis, out);
        } else {
            TextReport.write(diagnosis, out);
        }
        return diagnosis.verdict.exitCode();
    }

    static Diagnosis diagnose(DoctorArgs args) {
        String host = args.target.host;
        boolean hostIsAddress = Address.toByteArray(host, Address.IPv4) != null
                || Address.toByteArray(host, Address.IPv6) != null;
        DnsAnswer dns = hostIsAddress ? DnsAnswer.notNeeded() : DnsLookup.query(host, args.dns, args.timeoutMillis);
        JvmView jvm = JvmView.lookup(host, args.timeoutMillis);
        List<AddressCheck> checks = new Reachability(args.target.port, args.timeoutMillis)
                .check(jvm.addresses, dns.addresses());
        Verdict verdict = Verdict.of(host, hostIsAddress, dns, jvm, checks);
        NettyView netty = hostIsAddress ? null : NettyView.of(dns);
        return new Diagnosis(host, args.target.port, hostIsAddress, dns, jvm, netty, checks, verdict, agentJar());
    }

    /**
     * dnsjava logs through SLF4J, shaded inside this jar with no binding; SLF4J would print three
     * warning lines about that. Its no-operation provider, named explicitly, keeps the report clean.
     */
    private static void quietDnsjavaLogging() {
        if (System.getProperty("slf4j.provider") == null) {
            System.setProperty("slf4j.provider", NOP_FallbackServiceProvider.class.getName());
        }
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "WARN");
        }
    }

    /** Where this jar is, so the suggested -javaagent option can be pasted as it is. */
    private static String agentJar() {
        try {
            CodeSource source = Doctor.class.getProtectionDomain().getCodeSource();
            File jar = new File(source.getLocation().toURI());
            if (jar.isFile()) {
                return jar.getAbsolutePath();
            }
        } catch (URISyntaxException | RuntimeException e) {
            // fall through to the plain name
        }
        return "dnspatch-agent.jar";
    }
}
