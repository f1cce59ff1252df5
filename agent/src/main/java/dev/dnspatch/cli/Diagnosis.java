package dev.dnspatch.cli;

import java.util.List;

/** Everything doctor found about one host, for the text and JSON reports. */
final class Diagnosis {
    final String host;
    /** -1: no port given. */
    final int port;
    final boolean hostIsAddress;
    final DnsAnswer dns;
    final JvmView jvm;
    /** What an app resolving through Netty would get; null for an address, which Netty does not look up. */
    final NettyView netty;
    final List<AddressCheck> checks;
    final Verdict verdict;
    /** The path of this jar, for the exact -javaagent option. */
    final String agentJar;

    Diagnosis(String host, int port, boolean hostIsAddress, DnsAnswer dns, JvmView jvm, NettyView netty,
            List<AddressCheck> checks, Verdict verdict, String agentJar) {
        this.host = host;
        this.port = port;
        this.hostIsAddress = hostIsAddress;
        this.dns = dns;
        this.jvm = jvm;
        this.netty = netty;
        this.checks = checks;
        this.verdict = verdict;
        this.agentJar = agentJar;
    }

    /** The JAVA_TOOL_OPTIONS value that applies the verdict's fix; null when there is none. */
    String javaToolOptions() {
        return verdict.agentArguments == null ? null : "-javaagent:" + agentJar + "=" + verdict.agentArguments;
    }
}
