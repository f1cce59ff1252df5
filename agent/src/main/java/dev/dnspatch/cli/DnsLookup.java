package dev.dnspatch.cli;

import dev.dnspatch.policy.AddressText;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.NameTooLongException;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Asks DNS servers for a name's A and AAAA records over the wire, with dnsjava: the raw answer,
 * with TTLs, that the JVM's resolver hides. The system's servers are asked in order until one
 * answers, as glibc does.
 */
final class DnsLookup {
    private static final int[] TYPES = {Type.A, Type.AAAA};

    private DnsLookup() {
    }

    /** {@code server} null: the system's servers (resolv.conf). */
    static DnsAnswer query(String host, DoctorArgs.Endpoint server, int timeoutMillis) {
        List<Name> names;
        try {
            names = names(host);
        } catch (TextParseException e) {
            return failed(host, null, null, "not a valid DNS name (" + e.getMessage() + ")");
        }
        List<InetSocketAddress> servers = new ArrayList<>();
        String source;
        if (server != null) {
            source = "--dns";
            try {
                servers.add(new InetSocketAddress(InetAddress.getByName(server.host),
                        server.hasPort() ? server.port : SimpleResolver.DEFAULT_PORT));
            } catch (IOException e) {
                return failed(host, server.host, source, server.host + ": cannot resolve this DNS server");
            }
        } else {
            source = "system";
            servers.addAll(ResolverConfig.getCurrentConfig().servers());
            if (servers.isEmpty()) {
                return failed(host, null, source, "no DNS server configured");
            }
        }
        List<String> failures = new ArrayList<>();
        String lastServer = null;
        for (InetSocketAddress address : servers) {
            lastServer = text(address);
            try {
                return ask(names, address, source, timeoutMillis);
            } catch (SocketTimeoutException e) {
                failures.add(lastServer + ": no answer within " + timeoutMillis + " ms");
            } catch (PortUnreachableException e) {
                failures.add(lastServer + ": nothing listens there (port unreachable)");
            } catch (IOException e) {
                failures.add(lastServer + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            }
        }
        return new DnsAnswer(host, lastServer, source, null, failures, new ArrayList<DnsAnswer.Entry>());
    }

    /**
     * The name as given, then, unless it ends with a dot, in each search domain of resolv.conf, as
     * the system's resolver would also try it ("db" in a Kubernetes pod is "db.default.svc...").
     */
    private static List<Name> names(String host) throws TextParseException {
        List<Name> names = new ArrayList<>();
        names.add(Name.fromString(host, Name.root));
        if (!host.endsWith(".")) {
            Name relative = Name.fromString(host);
            for (Name domain : ResolverConfig.getCurrentConfig().searchPath()) {
                try {
                    Name candidate = Name.concatenate(relative, domain);
                    if (!names.contains(candidate)) {
                        names.add(candidate);
                    }
                } catch (NameTooLongException tooLong) {
                    // the system's resolver skips it too
                }
            }
        }
        return names;
    }

    /** The first name that exists, or, when none does, the answer for the name as given. */
    private static DnsAnswer ask(List<Name> names, InetSocketAddress server, String source, int timeoutMillis)
            throws IOException {
        SimpleResolver resolver = new SimpleResolver(server);
        resolver.setTimeout(Duration.ofMillis(timeoutMillis));
        DnsAnswer asGiven = null;
        for (Name name : names) {
            DnsAnswer answer = ask(resolver, name, text(server), source);
            if (!answer.nameDoesNotExist()) {
                return answer;
            }
            if (asGiven == null) {
                asGiven = answer;
            }
        }
        return asGiven;
    }

    private static DnsAnswer ask(SimpleResolver resolver, Name name, String server, String source)
            throws IOException {
        List<DnsAnswer.Entry> entries = new ArrayList<>();
        String status = null;
        for (int type : TYPES) {
            Message response = resolver.send(Message.newQuery(Record.newRecord(name, type, DClass.IN)));
            int rcode = response.getRcode();
            // NXDOMAIN for one type means the name does not exist at all; otherwise report the worse code.
            if (status == null || rcode != Rcode.NOERROR) {
                status = Rcode.string(rcode);
            }
            for (Record record : response.getSection(Section.ANSWER)) {
                DnsAnswer.Entry entry = entry(record);
                if (entry != null && !contains(entries, entry)) {
                    entries.add(entry);
                }
            }
        }
        return new DnsAnswer(name.toString(true), server, source, status, new ArrayList<String>(), entries);
    }

    private static DnsAnswer failed(String host, String server, String source, String failure) {
        List<String> failures = new ArrayList<>();
        failures.add(failure);
        return new DnsAnswer(host, server, source, null, failures, new ArrayList<DnsAnswer.Entry>());
    }

    private static DnsAnswer.Entry entry(Record record) {
        if (record instanceof ARecord) {
            return new DnsAnswer.Entry("A", AddressText.of(((ARecord) record).getAddress()), record.getTTL(),
                    ((ARecord) record).getAddress());
        }
        if (record instanceof AAAARecord) {
            return new DnsAnswer.Entry("AAAA", AddressText.of(((AAAARecord) record).getAddress()), record.getTTL(),
                    ((AAAARecord) record).getAddress());
        }
        if (record instanceof CNAMERecord) {
            return new DnsAnswer.Entry("CNAME", record.getName() + " -> " + ((CNAMERecord) record).getTarget(),
                    record.getTTL(), null);
        }
        return null;
    }

    /** Both queries can carry the same alias. */
    private static boolean contains(List<DnsAnswer.Entry> entries, DnsAnswer.Entry entry) {
        for (DnsAnswer.Entry known : entries) {
            if (known.type.equals(entry.type) && known.value.equals(entry.value)) {
                return true;
            }
        }
        return false;
    }

    private static String text(InetSocketAddress server) {
        String host = AddressText.of(server.getAddress());
        return (server.getAddress() instanceof Inet6Address ? "[" + host + "]" : host) + ":" + server.getPort();
    }
}
