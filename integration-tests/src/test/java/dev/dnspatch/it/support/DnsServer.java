package dev.dnspatch.it.support;

import java.io.File;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Master;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A small authoritative DNS server on dnsjava's message classes, answering over UDP on
 * {@code 127.0.0.1:53} of the namespace it runs in, where the bind-mounted {@code resolv.conf}
 * sends glibc. Its records come from a master-format zone file, read again whenever the file is
 * replaced, so a test can change the answers while an app runs. Unknown names get NXDOMAIN, known
 * names without the asked type get an empty answer (NODATA); both carry the enclosing SOA, whose
 * minimum TTL bounds negative caching.
 *
 * <p>Run inside the namespace as {@code java -cp TEST_CLASSES:DNSJAVA:SLF4J dev.dnspatch.it.support.DnsServer
 * ZONE_FILE READY_FILE [PORT]}: it creates READY_FILE once it listens, and logs one line per query
 * on stdout. {@link #command} gives that command. {@code -Ddnsserver.address=A} listens on address A
 * instead of 127.0.0.1 (in a container, {@link DockerDns}).
 *
 * <p>To play a slow or broken server: {@code -Ddnsserver.delay.ms=N} sends each reply N ms late
 * (without holding up the next query), {@code -Ddnsserver.silent=true} logs each query and
 * never answers it.
 */
public final class DnsServer {
    /** The TTL of every record the {@link Zone} writer puts in the file: short, so answers can change. */
    public static final int TTL = 1;

    private final Path zoneFile;
    private Object zoneVersion;
    private Map<Name, List<Record>> records = Map.of();

    private DnsServer(Path zoneFile) {
        this.zoneFile = zoneFile;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: DnsServer ZONE_FILE READY_FILE [PORT]");
            System.exit(2);
        }
        DnsServer server = new DnsServer(Paths.get(args[0]));
        int port = args.length > 2 ? Integer.parseInt(args[2]) : 53;
        // A literal address: no lookup.
        InetAddress address = InetAddress.getByName(System.getProperty("dnsserver.address", "127.0.0.1"));
        long delayMillis = Long.getLong("dnsserver.delay.ms", 0);
        boolean silent = Boolean.getBoolean("dnsserver.silent");
        ScheduledExecutorService late = Executors.newSingleThreadScheduledExecutor();
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(address, port))) {
            server.reloadIfChanged();
            Files.writeString(Paths.get(args[1]), "listening on " + address.getHostAddress() + ":" + port + "\n");
            byte[] buffer = new byte[65535];
            while (true) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                byte[] reply = server.answer(Arrays.copyOf(packet.getData(), packet.getLength()), silent);
                if (reply != null) {
                    DatagramPacket out = new DatagramPacket(reply, reply.length, packet.getSocketAddress());
                    late.schedule(() -> {
                        socket.send(out);
                        return null;
                    }, delayMillis, TimeUnit.MILLISECONDS);
                }
            }
        }
    }

    /** The reply to one query, or null when it is too broken to answer or the server plays dead. */
    byte[] answer(byte[] wire, boolean silent) {
        Message query;
        try {
            query = new Message(wire);
        } catch (IOException e) {
            System.out.println("dropped an unreadable query: " + e.getMessage());
            return null;
        }
        Message reply = new Message(query.getHeader().getID());
        reply.getHeader().setFlag(Flags.QR);
        reply.getHeader().setFlag(Flags.AA);
        if (query.getHeader().getFlag(Flags.RD)) {
            reply.getHeader().setFlag(Flags.RD);
        }
        Record question = query.getQuestion();
        if (query.getHeader().getOpcode() != Opcode.QUERY || question == null) {
            reply.getHeader().setRcode(question == null ? Rcode.FORMERR : Rcode.NOTIMP);
            return reply.toWire(512);
        }
        reply.addRecord(question, Section.QUESTION);
        if (silent) {
            System.out.println(question.getName() + " " + Type.string(question.getType()) + " -> no reply");
            return null;
        }
        reloadIfChanged();
        Name name = question.getName();
        List<Record> answers = records.getOrDefault(name, List.of()).stream()
                .filter(r -> r.getType() == question.getType() || question.getType() == Type.ANY)
                .collect(Collectors.toList());
        answers.forEach(r -> reply.addRecord(r, Section.ANSWER));
        if (answers.isEmpty()) {
            boolean exists = records.keySet().stream().anyMatch(owner -> owner.subdomain(name));
            reply.getHeader().setRcode(exists ? Rcode.NOERROR : Rcode.NXDOMAIN);
            SOARecord soa = enclosingSoa(name);
            if (soa != null) {
                reply.addRecord(soa, Section.AUTHORITY);
            }
        }
        System.out.println(name + " " + Type.string(question.getType()) + " -> "
                + Rcode.string(reply.getHeader().getRcode())
                + answers.stream().map(r -> " " + r.rdataToString()).collect(Collectors.joining()));
        return reply.toWire(512);
    }

    /** The SOA of the closest zone that holds this name, or null. */
    private SOARecord enclosingSoa(Name name) {
        SOARecord best = null;
        for (List<Record> set : records.values()) {
            for (Record r : set) {
                if (r instanceof SOARecord && name.subdomain(r.getName())
                        && (best == null || r.getName().labels() > best.getName().labels())) {
                    best = (SOARecord) r;
                }
            }
        }
        return best;
    }

    /** Reads the zone file again when it was replaced or changed; a broken file keeps the old records. */
    private void reloadIfChanged() {
        Object version;
        try {
            BasicFileAttributes attributes = Files.readAttributes(zoneFile, BasicFileAttributes.class);
            version = List.of(String.valueOf(attributes.fileKey()), attributes.lastModifiedTime(), attributes.size());
        } catch (IOException e) {
            version = e.toString();
        }
        if (version.equals(zoneVersion)) {
            return;
        }
        zoneVersion = version;
        Map<Name, List<Record>> loaded = new HashMap<>();
        try (Master master = new Master(zoneFile.toString(), Name.root, TTL)) {
            for (Record r = master.nextRecord(); r != null; r = master.nextRecord()) {
                loaded.computeIfAbsent(r.getName(), n -> new ArrayList<>()).add(r);
            }
        } catch (IOException | RuntimeException e) {
            System.out.println("kept the previous records: cannot read " + zoneFile + ": " + e);
            return;
        }
        records = loaded;
        System.out.println("loaded " + loaded.values().stream().mapToInt(List::size).sum() + " records from "
                + zoneFile);
    }

    /**
     * The command that runs the server for this zone with the test JVM's java; append the ready
     * file. The app's {@code JAVA_TOOL_OPTIONS} must be kept away from it (see {@link Postgres}).
     */
    public static List<String> command(Zone zone) {
        String classPath = String.join(File.pathSeparator, ForkedJvm.testClasses().toString(),
                System.getProperty("dnspatch.test.dnsjava"), System.getProperty("dnspatch.test.slf4j"));
        return List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-Dslf4j.internal.verbosity=ERROR", "-cp", classPath,
                DnsServer.class.getName(), zone.file().toString());
    }

    /**
     * The zone file the server reads: A and AAAA records (and others a test adds) with a
     * {@value #TTL} s TTL under an SOA for {@code test.}. Every change is written at once and
     * atomically, so the server never sees half a file.
     */
    public static final class Zone {
        private final Path file;
        private final Map<String, Map<String, List<String>>> hosts = new LinkedHashMap<>();

        private Zone(Path file) {
            this.file = file;
        }

        /** An empty zone in this file. */
        public static Zone at(Path file) throws IOException {
            Zone zone = new Zone(file);
            zone.write();
            return zone;
        }

        public Path file() {
            return file;
        }

        /** Replaces the host's A records with these addresses; none removes them. */
        public Zone a(String host, String... addresses) throws IOException {
            return set(host, "A", addresses);
        }

        /** Replaces the host's AAAA records with these addresses; none removes them. */
        public Zone aaaa(String host, String... addresses) throws IOException {
            return set(host, "AAAA", addresses);
        }

        /** Replaces the host's records of another type (TXT, CNAME, SRV...) with these, in master-file form. */
        public Zone records(String host, String type, String... data) throws IOException {
            return set(host, type, data);
        }

        private Zone set(String host, String type, String... addresses) throws IOException {
            Objects.requireNonNull(host);
            hosts.computeIfAbsent(host, h -> new LinkedHashMap<>()).put(type, List.of(addresses));
            write();
            return this;
        }

        private void write() throws IOException {
            List<String> lines = new ArrayList<>();
            lines.add("$TTL " + TTL);
            lines.add("test. IN SOA ns.test. hostmaster.test. 1 60 60 60 " + TTL);
            hosts.forEach((host, types) -> types.forEach((type, addresses) -> addresses.forEach(
                    address -> lines.add(host + ". IN " + type + " " + address))));
            Path temporary = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
            Files.write(temporary, lines, StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }
}
