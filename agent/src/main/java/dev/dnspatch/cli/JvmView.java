package dev.dnspatch.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * What {@code InetAddress.getAllByName} returns in this JVM, in its order, and the settings that
 * made that order. This is what an application gets: most clients connect to the first address
 * only. It goes through the JVM's resolver (glibc: /etc/hosts, then DNS), so it can differ from
 * {@link DnsLookup}'s raw view.
 */
final class JvmView {
    final List<InetAddress> addresses;
    /** Why the lookup failed; null when it did not. */
    final String failure;
    final String javaVersion;
    final String preferIpv6Addresses;
    final String preferIpv4Stack;

    JvmView(List<InetAddress> addresses, String failure) {
        this.addresses = Collections.unmodifiableList(addresses);
        this.failure = failure;
        this.javaVersion = System.getProperty("java.version");
        this.preferIpv6Addresses = System.getProperty("java.net.preferIPv6Addresses");
        this.preferIpv4Stack = System.getProperty("java.net.preferIPv4Stack");
    }

    /**
     * Waits at most {@code timeoutMillis}: with a silent DNS server glibc can wait 30 s and more.
     * The lookup runs on a daemon thread, left behind if it does not finish in time.
     */
    static JvmView lookup(final String host, int timeoutMillis) {
        final Object[] outcome = new Object[1];
        Thread lookup = new Thread(new Runnable() {
            @Override
            public void run() {
                Object result;
                try {
                    result = InetAddress.getAllByName(host);
                } catch (UnknownHostException e) {
                    result = e.getMessage() == null ? "unknown host" : e.getMessage();
                } catch (RuntimeException e) {
                    result = e.toString();
                }
                synchronized (outcome) {
                    outcome[0] = result;
                }
            }
        }, "dnspatch-doctor-lookup");
        lookup.setDaemon(true);
        lookup.start();
        try {
            lookup.join(timeoutMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Object result;
        synchronized (outcome) {
            result = outcome[0];
        }
        if (result instanceof InetAddress[]) {
            return new JvmView(new ArrayList<>(Arrays.asList((InetAddress[]) result)), null);
        }
        String failure = result == null ? "no answer within " + timeoutMillis + " ms" : (String) result;
        return new JvmView(new ArrayList<InetAddress>(), failure);
    }

    /** Why the addresses come in this order, in words. */
    String order() {
        if ("true".equalsIgnoreCase(preferIpv4Stack)) {
            return "IPv4 only (java.net.preferIPv4Stack=true)";
        }
        if ("true".equalsIgnoreCase(preferIpv6Addresses)) {
            return "IPv6 first (java.net.preferIPv6Addresses=true)";
        }
        if ("system".equalsIgnoreCase(preferIpv6Addresses)) {
            return "as the system resolver ordered them (java.net.preferIPv6Addresses=system)";
        }
        return "IPv4 first (java.net.preferIPv6Addresses=" + (preferIpv6Addresses == null ? "false, the default"
                : preferIpv6Addresses) + ")";
    }
}
