package dev.dnspatch.cli;

import java.util.List;

/**
 * The one-line conclusion: is the host reachable the way this JVM connects (to the first address
 * of its answer), and if not, which dnspatch setting fixes it, or why none can. The setting is a
 * rule, the host with its mode ({@code hosts=db.example.com:ipv4-only}), so it can join an existing
 * list of hosts whatever their mode.
 */
final class Verdict {
    /** A word for scripts, one per kind of conclusion. */
    final String kind;
    final boolean healthy;
    final String text;
    /** The agent arguments that fix it; null when dnspatch has nothing to add. */
    final String agentArguments;

    private Verdict(String kind, boolean healthy, String text, String agentArguments) {
        this.kind = kind;
        this.healthy = healthy;
        this.text = text;
        this.agentArguments = agentArguments;
    }

    int exitCode() {
        return healthy ? 0 : 1;
    }

    static Verdict of(String host, boolean hostIsAddress, DnsAnswer dns, JvmView jvm, List<AddressCheck> checks) {
        if (jvm.addresses.isEmpty()) {
            return unresolved(host, dns, jvm);
        }
        AddressCheck first = checks.get(0);
        if (first.works()) {
            if (!hostIsAddress && !dns.answered()) {
                return new Verdict("dns-unreachable", false, "this JVM reaches " + host + " at " + first.text()
                        + ", but no DNS server answered doctor (" + String.join("; ", dns.failures)
                        + "): check --dns or resolv.conf", null);
            }
            return healthy(host, first, checks);
        }
        String failing = first.family();
        String other = first.isIpv4() ? "IPv6" : "IPv4";
        String how = first.noRoute != null ? failing + " is unreachable from here"
                : "connecting over " + failing + " fails (" + first.problem() + ")";
        AddressCheck otherWorking = find(checks, !first.isIpv4(), true);
        AddressCheck sameWorking = find(checks, first.isIpv4(), true);
        if (otherWorking != null && sameWorking == null) {
            String arguments = "hosts=" + host + (first.isIpv4() ? ":ipv6-only" : ":ipv4-only");
            return new Verdict("wrong-family", false, how + " and " + host + " has a working " + other
                    + " address: add -javaagent:dnspatch-agent.jar=" + arguments
                    + (first.noRoute == null ? " (mode=auto would not help: a route exists)" : ""), arguments);
        }
        AddressCheck working = otherWorking != null ? otherWorking : sameWorking;
        if (working != null && first.noRoute != null) {
            String arguments = "hosts=" + host + ":auto";
            return new Verdict("no-route", false, first.text() + " has no route from here, but " + working.text()
                    + " works: add -javaagent:dnspatch-agent.jar=" + arguments, arguments);
        }
        if (working != null) {
            return new Verdict("connect-failed", false, first.text() + " fails (" + first.problem() + ") but "
                    + working.text() + " works; dnspatch chooses by family and route only, so it cannot help:"
                    + " fix the network path to " + first.text(), null);
        }
        if (first.noRoute != null && find(checks, !first.isIpv4(), false) == null) {
            return new Verdict("no-" + other.toLowerCase(java.util.Locale.ROOT) + "-address", false, how + " and "
                    + host + " has no " + other + " address: dnspatch cannot help; use an " + other
                    + " endpoint (for example the provider's connection pooler) or give this machine " + failing
                    + " connectivity", null);
        }
        return new Verdict("unreachable", false, "no address of " + host + " works from here (" + first.text() + ": "
                + first.problem() + "): dnspatch cannot help; check the network, the firewall, the server and its port",
                null);
    }

    private static Verdict unresolved(String host, DnsAnswer dns, JvmView jvm) {
        if (dns.nameDoesNotExist()) {
            return new Verdict("nxdomain", false, host + " does not exist: " + dns.server
                    + " answered NXDOMAIN; check the name", null);
        }
        if (!dns.answered() && !dns.failures.isEmpty()) {
            return new Verdict("dns-unreachable", false, "no DNS server answered (" + String.join("; ", dns.failures)
                    + ") and this JVM cannot resolve " + host + " (" + jvm.failure + "): check the DNS server,"
                    + " resolv.conf or --dns", null);
        }
        if (dns.answered() && dns.addresses().isEmpty()) {
            return new Verdict("no-address", false, host + " has no A or AAAA record (" + dns.server + " answered "
                    + dns.status + "): check the name", null);
        }
        return new Verdict("jvm-unresolved", false, "this JVM cannot resolve " + host + " (" + jvm.failure + ")"
                + (dns.addresses().isEmpty() ? "" : " although DNS has its addresses")
                + ": check /etc/hosts, /etc/nsswitch.conf and the search domains", null);
    }

    /** Healthy; but say so when another address has no route, so an app that tries it first would fail. */
    private static Verdict healthy(String host, AddressCheck first, List<AddressCheck> checks) {
        String text = host + " is reachable as this JVM connects: " + first.text()
                + (first.tcpTried ? " accepts TCP in " + first.tcpMillis + " ms" : " has a route");
        AddressCheck unroutable = null;
        for (AddressCheck check : checks) {
            if (check.noRoute != null && check.isIpv4() != first.isIpv4()) {
                unroutable = check;
                break;
            }
        }
        if (unroutable == null) {
            return new Verdict("ok", true, text + "; nothing to fix", null);
        }
        String arguments = "hosts=" + host + (first.isIpv4() ? ":ipv4-only" : ":ipv6-only");
        return new Verdict("ok", true, text + "; " + unroutable.text() + " has no route from here, so a JVM that"
                + " puts " + unroutable.family() + " first would fail: -javaagent:dnspatch-agent.jar=" + arguments
                + " prevents that", arguments);
    }

    private static AddressCheck find(List<AddressCheck> checks, boolean ipv4, boolean working) {
        for (AddressCheck check : checks) {
            if (check.isIpv4() == ipv4 && (!working || check.works())) {
                return check;
            }
        }
        return null;
    }
}
