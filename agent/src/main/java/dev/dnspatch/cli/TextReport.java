package dev.dnspatch.cli;

import dev.dnspatch.policy.AddressText;
import java.io.PrintStream;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/** The report for people: one section per question, the verdict last, readable at a glance. */
final class TextReport {
    private TextReport() {
    }

    static void write(Diagnosis d, PrintStream out) {
        out.println("dnspatch doctor: " + d.host + (d.port < 0 ? "" : ", port " + d.port));
        out.println();
        dns(d, out);
        jvm(d, out);
        netty(d, out);
        reach(d, out);
        out.println();
        out.println("Verdict: " + d.verdict.text);
        if (d.javaToolOptions() != null) {
            out.println("Fix: JAVA_TOOL_OPTIONS=\"" + d.javaToolOptions() + "\"");
        }
    }

    private static void dns(Diagnosis d, PrintStream out) {
        DnsAnswer dns = d.dns;
        if (d.hostIsAddress) {
            out.println("DNS: not asked, " + d.host + " is an address");
            return;
        }
        if (!dns.answered()) {
            out.println("DNS: no answer (" + String.join("; ", dns.failures) + ")");
            return;
        }
        String source = "--dns".equals(dns.serverSource) ? "from --dns" : "the system's";
        String name = stripDot(dns.name).equalsIgnoreCase(stripDot(d.host)) ? "" : " for " + dns.name;
        out.println("DNS: " + dns.server + " (" + source + ") answered " + dns.status + name
                + (dns.nameDoesNotExist() ? ": no such name" : dns.entries.isEmpty() ? ": no A or AAAA record" : ""));
        int width = 0;
        for (DnsAnswer.Entry entry : dns.entries) {
            width = Math.max(width, entry.value.length());
        }
        for (DnsAnswer.Entry entry : dns.entries) {
            out.println("  " + pad(entry.type, 6) + pad(entry.value, width + 2) + "TTL " + entry.ttl);
        }
    }

    private static void jvm(Diagnosis d, PrintStream out) {
        JvmView jvm = d.jvm;
        String call = "InetAddress.getAllByName on Java " + jvm.javaVersion;
        if (jvm.failure != null) {
            out.println("JVM: " + call + " fails: " + jvm.failure);
            return;
        }
        List<String> addresses = new ArrayList<>();
        for (InetAddress address : jvm.addresses) {
            addresses.add(AddressText.of(address));
        }
        out.println("JVM: " + call + " gives " + String.join(", ", addresses));
        out.println("  order: " + jvm.order());
    }

    private static void netty(Diagnosis d, PrintStream out) {
        NettyView netty = d.netty;
        if (netty == null) {
            return;
        }
        String app = "an app resolving with Netty's DnsNameResolver (Vert.x, reactor-netty, Lettuce)";
        out.println("Netty: " + app + (netty.addresses.isEmpty() ? " gets no address from this DNS answer"
                : " would get " + String.join(", ", netty.addresses)));
        out.println("  order: " + netty.reason);
        String note = netty.note(d.jvm);
        if (note != null) {
            out.println("  note: " + note);
        }
    }

    private static void reach(Diagnosis d, PrintStream out) {
        if (d.checks.isEmpty()) {
            return;
        }
        out.println("Reach: route from this machine" + (d.port < 0 ? "" : ", then TCP port " + d.port));
        int width = 0;
        for (AddressCheck check : d.checks) {
            width = Math.max(width, check.text().length());
        }
        for (AddressCheck check : d.checks) {
            StringBuilder line = new StringBuilder("  ").append(pad(check.text(), width + 2));
            line.append(check.noRoute == null ? "route" : "no route (" + check.noRoute + ")");
            if (check.tcpTried) {
                line.append("; TCP ").append(check.tcpConnected ? "connected in " + check.tcpMillis + " ms"
                        : "failed: " + check.tcpError);
            }
            if (!check.inJvmAnswer) {
                line.append("; DNS only, not in the JVM's answer");
            }
            out.println(line);
        }
    }

    private static String stripDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    /** The text and at least one space, up to the width. */
    private static String pad(String text, int width) {
        StringBuilder padded = new StringBuilder(text).append(' ');
        while (padded.length() < width) {
            padded.append(' ');
        }
        return padded.toString();
    }
}
