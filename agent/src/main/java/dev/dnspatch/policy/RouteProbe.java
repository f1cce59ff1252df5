package dev.dnspatch.policy;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;

/**
 * Asks the kernel whether it has a route to an address, without sending a packet: connecting a
 * UDP socket only picks the route and the source address, and fails at once with "Network is
 * unreachable" where there is none.
 *
 * <p>It uses {@link DatagramChannel}, not {@code DatagramSocket}: the legacy implementation of
 * {@code DatagramSocket.connect} (the only one before JDK 15) catches the kernel's error and falls
 * back to an emulated connect, so it would find a route everywhere.
 * Shared by {@code mode=auto} (through {@link RouteCache}) and {@code doctor}. It never resolves
 * a name, so it is safe inside a lookup.
 */
public final class RouteProbe implements Routes {
    /** Any port will do: nothing is sent. The discard port, should anything ever be. */
    private static final int PORT = 9;

    @Override
    public boolean hasRoute(InetAddress address) {
        return whyNoRoute(address) == null;
    }

    /**
     * Null when there is a route; otherwise the kernel's reason, such as "Network is unreachable".
     * An unexpected failure of the probe itself counts as a route: auto must never drop an address
     * because of a bug here, and the connect will tell the truth.
     */
    public String whyNoRoute(InetAddress address) {
        boolean ipv4 = address instanceof Inet4Address;
        try (DatagramChannel channel = DatagramChannel.open(ipv4 ? StandardProtocolFamily.INET
                : StandardProtocolFamily.INET6)) {
            channel.connect(new InetSocketAddress(address, PORT));
            return null;
        } catch (UnsupportedOperationException noIpv6) {
            // java.net.preferIPv4Stack=true, or no IPv6 in the kernel: this JVM cannot use the address.
            return "IPv6 is not available to this JVM";
        } catch (IOException e) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
