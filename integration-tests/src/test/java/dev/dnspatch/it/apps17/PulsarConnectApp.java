package dev.dnspatch.it.apps17;

import dev.dnspatch.it.apps.AppText;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import org.apache.pulsar.client.api.PulsarClient;

/**
 * An app that opens a producer with Pulsar's client, whose connections resolve the broker's name
 * with the copy of Netty it ships relocated, and try its addresses one after the other, each for
 * the client's connect timeout ({@code app.connect.timeout.ms}, default 3000). The broker is a
 * plain TCP server of the app's own on {@code 127.0.0.1} and {@code ::1}, port {@code args[1]}:
 * the app prints where and when the client's first connection arrived, and exits.
 *
 * <pre>
 * accepted over 127.0.0.1 after 3012 ms
 * TCP connections opened: 2
 * packets out of dnspatch0: 3
 * </pre>
 *
 * The counts are the namespace's own, from {@code /proc/net/snmp} and {@code /proc/net/dev}, over
 * the time the client ran: the connections it tried, and the packets that went out of the
 * interface {@code app.blackhole} names (where {@code 2001:db8::/32} is routed; the kernel may send
 * a packet of its own there too). Compiled for Java 17, as Pulsar's client is.
 */
public final class PulsarConnectApp {
    private PulsarConnectApp() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[1]);
        SynchronousQueue<String> accepted = new SynchronousQueue<>();
        for (String address : new String[] {"127.0.0.1", "::1"}) {
            ServerSocket server = new ServerSocket(port, 16, InetAddress.getByName(address));
            Thread acceptor = new Thread(() -> {
                try {
                    // Kept open and never answered: the app is done once it knows where the client came.
                    Socket socket = server.accept();
                    accepted.put(AppText.address(socket.getLocalAddress()));
                } catch (IOException | InterruptedException e) {
                    // The app exits.
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
        }
        String blackhole = System.getProperty("app.blackhole");
        long sentBefore = blackhole == null ? 0 : packetsSent(blackhole);
        long openedBefore = connectionsOpened();
        long start = System.nanoTime();
        int timeout = Integer.getInteger("app.connect.timeout.ms", 3000);
        PulsarClient client = PulsarClient.builder().serviceUrl("pulsar://" + args[0] + ":" + port)
                .connectionTimeout(timeout, TimeUnit.MILLISECONDS).operationTimeout(30, TimeUnit.SECONDS).build();
        client.newProducer().topic("dnspatch").createAsync();
        String over = accepted.poll(30, TimeUnit.SECONDS);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.println(over == null ? "no connection in 30 s" : "accepted over " + over + " after " + millis + " ms");
        System.out.println("TCP connections opened: " + (connectionsOpened() - openedBefore));
        if (blackhole != null) {
            System.out.println("packets out of " + blackhole + ": " + (packetsSent(blackhole) - sentBefore));
        }
        System.out.flush();
        Runtime.getRuntime().halt(over == null ? 1 : 0);
    }

    /** The TCP connections this namespace has opened (connect calls that sent a SYN): Tcp ActiveOpens. */
    private static long connectionsOpened() throws IOException {
        String[] names = null;
        for (String line : Files.readAllLines(Paths.get("/proc/net/snmp"))) {
            if (!line.startsWith("Tcp:")) {
                continue;
            }
            String[] fields = line.trim().split("\\s+");
            if (names == null) {
                names = fields;
            } else {
                return Long.parseLong(fields[Arrays.asList(names).indexOf("ActiveOpens")]);
            }
        }
        throw new IOException("no Tcp ActiveOpens in /proc/net/snmp");
    }

    /** The packets this interface of the namespace has sent, from {@code /proc/net/dev}. */
    private static long packetsSent(String name) throws IOException {
        for (String line : Files.readAllLines(Paths.get("/proc/net/dev"))) {
            String[] fields = line.trim().split("[:\\s]+");
            if (fields[0].equals(name)) {
                // name, then 8 receive counters, then transmitted bytes and packets.
                return Long.parseLong(fields[10]);
            }
        }
        throw new IOException("no interface " + name + " in /proc/net/dev");
    }
}
