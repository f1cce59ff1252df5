package dev.dnspatch.cli;

import dev.dnspatch.policy.RouteProbe;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks each address the way {@code mode=auto} and an application would meet it: the route probe
 * that sends no packet, then, with a port, a real TCP connect with its time or its exact error.
 */
final class Reachability {
    /** Enough for any real host name; a bound on the time doctor can take. */
    static final int MAX_ADDRESSES = 8;

    private final RouteProbe probe = new RouteProbe();
    private final int port;
    private final int timeoutMillis;

    Reachability(int port, int timeoutMillis) {
        this.port = port;
        this.timeoutMillis = timeoutMillis;
    }

    /** The JVM's addresses first, in its order, then those only DNS gave. */
    List<AddressCheck> check(List<InetAddress> jvmAddresses, List<InetAddress> dnsAddresses) {
        List<InetAddress> all = new ArrayList<>(jvmAddresses);
        for (InetAddress address : dnsAddresses) {
            if (!all.contains(address)) {
                all.add(address);
            }
        }
        List<AddressCheck> checks = new ArrayList<>();
        for (InetAddress address : all.subList(0, Math.min(all.size(), MAX_ADDRESSES))) {
            checks.add(check(address, jvmAddresses.contains(address)));
        }
        return checks;
    }

    private AddressCheck check(InetAddress address, boolean inJvmAnswer) {
        String noRoute = probe.whyNoRoute(address);
        if (port < 0) {
            return new AddressCheck(address, inJvmAnswer, noRoute, false, false, 0, null);
        }
        long start = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), timeoutMillis);
            return new AddressCheck(address, inJvmAnswer, noRoute, true, true, millisSince(start), null);
        } catch (SocketTimeoutException e) {
            return new AddressCheck(address, inJvmAnswer, noRoute, true, false, millisSince(start),
                    "no answer within " + timeoutMillis + " ms (packets dropped on the way?)");
        } catch (IOException | RuntimeException e) {
            return new AddressCheck(address, inJvmAnswer, noRoute, true, false, millisSince(start),
                    e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
