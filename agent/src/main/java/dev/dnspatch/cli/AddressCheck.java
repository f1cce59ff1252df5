package dev.dnspatch.cli;

import dev.dnspatch.policy.AddressText;
import java.net.Inet4Address;
import java.net.InetAddress;

/** One address, checked: is there a route to it, and, with a port, does a TCP connect work. */
final class AddressCheck {
    final InetAddress address;
    final boolean inJvmAnswer;
    /** Null when there is a route. */
    final String noRoute;
    /** False when no port was given. */
    final boolean tcpTried;
    final boolean tcpConnected;
    final long tcpMillis;
    /** Null when it connected or was not tried. */
    final String tcpError;

    AddressCheck(InetAddress address, boolean inJvmAnswer, String noRoute, boolean tcpTried, boolean tcpConnected,
            long tcpMillis, String tcpError) {
        this.address = address;
        this.inJvmAnswer = inJvmAnswer;
        this.noRoute = noRoute;
        this.tcpTried = tcpTried;
        this.tcpConnected = tcpConnected;
        this.tcpMillis = tcpMillis;
        this.tcpError = tcpError;
    }

    /** Usable as an application would use it: a route and, with a port, a connection. */
    boolean works() {
        return noRoute == null && (!tcpTried || tcpConnected);
    }

    boolean isIpv4() {
        return address instanceof Inet4Address;
    }

    String family() {
        return isIpv4() ? "IPv4" : "IPv6";
    }

    String text() {
        return AddressText.of(address);
    }

    /** Why it does not work, in a few words; null when it does. */
    String problem() {
        if (noRoute != null) {
            return "no route: " + noRoute;
        }
        return tcpTried && !tcpConnected ? tcpError : null;
    }
}
