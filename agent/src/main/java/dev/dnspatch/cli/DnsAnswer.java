package dev.dnspatch.cli;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** What DNS itself said about a name, as read on the wire by {@link DnsLookup}. */
final class DnsAnswer {
    /** One record of the answer: an address (A, AAAA) or an alias (CNAME). */
    static final class Entry {
        final String type;
        final String value;
        final long ttl;
        /** Null for an alias. */
        final InetAddress address;

        Entry(String type, String value, long ttl, InetAddress address) {
            this.type = type;
            this.value = value;
            this.ttl = ttl;
            this.address = address;
        }
    }

    /** The name whose answer this is, without the final dot: the host, or the host in a search domain. */
    final String name;
    /** The server that answered, or the last one asked; null when none was asked. */
    final String server;
    /** Where the server came from: "--dns" or the system's configuration. */
    final String serverSource;
    /** NOERROR, NXDOMAIN, SERVFAIL...; null when no server answered. */
    final String status;
    /** Why no server answered, one line per server; empty when one did. */
    final List<String> failures;
    final List<Entry> entries;

    DnsAnswer(String name, String server, String serverSource, String status, List<String> failures,
            List<Entry> entries) {
        this.name = name;
        this.server = server;
        this.serverSource = serverSource;
        this.status = status;
        this.failures = Collections.unmodifiableList(new ArrayList<>(failures));
        this.entries = Collections.unmodifiableList(new ArrayList<>(entries));
    }

    /** Not looked up: the host is an address already. */
    static DnsAnswer notNeeded() {
        return new DnsAnswer(null, null, null, null, Collections.<String>emptyList(), Collections.<Entry>emptyList());
    }

    boolean answered() {
        return status != null;
    }

    boolean nameDoesNotExist() {
        return "NXDOMAIN".equals(status);
    }

    List<InetAddress> addresses() {
        List<InetAddress> addresses = new ArrayList<>();
        for (Entry entry : entries) {
            if (entry.address != null && !addresses.contains(entry.address)) {
                addresses.add(entry.address);
            }
        }
        return addresses;
    }
}
