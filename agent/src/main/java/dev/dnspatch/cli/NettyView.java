package dev.dnspatch.cli;

import dev.dnspatch.policy.AddressText;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;

/**
 * What an app that resolves with Netty's own {@code DnsNameResolver} (Vert.x, reactor-netty,
 * Lettuce), as Netty's defaults configure it, would get for the host on this machine. Netty asks
 * DNS itself (the servers in resolv.conf, so doctor's DNS view is what it sees) and picks its
 * address types in its static initializer, in 4.1 and 4.2 alike:
 *
 * <ul>
 *   <li>IPv4 only, when {@code java.net.preferIPv4Stack} is true or no interface has an IPv6
 *       address other than loopback and link-local ones;</li>
 *   <li>else IPv6 first, when {@code java.net.preferIPv6Addresses} is {@code true} (and only
 *       that word: Netty reads {@code system} as false);</li>
 *   <li>else IPv4 first.</li>
 * </ul>
 *
 * It also takes resolv.conf's {@code attempts} as the number of queries one lookup may send,
 * unless the app sets its own: with {@code attempts:1} it asks for its first family alone.
 * Doctor depends on no Netty: this repeats those rules, read from Netty's sources.
 */
final class NettyView {
    static final String IPV4_ONLY = "IPV4_ONLY";
    static final String IPV4_PREFERRED = "IPV4_PREFERRED";
    static final String IPV6_PREFERRED = "IPV6_PREFERRED";

    /** Netty's ResolvedAddressTypes by default here. */
    final String addressTypes;
    /** Why, in words. */
    final String reason;
    /** DNS's addresses in the order Netty would hand them out. */
    final List<String> addresses;
    /** resolv.conf's {@code attempts:1}, where Netty would ask for both families: it asks for one. */
    final boolean oneQueryPerLookup;

    private NettyView(String addressTypes, String reason, List<String> addresses, boolean oneQueryPerLookup) {
        this.addressTypes = addressTypes;
        this.reason = reason;
        this.addresses = Collections.unmodifiableList(addresses);
        this.oneQueryPerLookup = oneQueryPerLookup;
    }

    static NettyView of(DnsAnswer dns) {
        return of(dns, System.getProperty("java.net.preferIPv4Stack"), System.getProperty("java.net.preferIPv6Addresses"),
                ipv6Address(), resolvAttempts(Paths.get("/etc/resolv.conf")));
    }

    static NettyView of(DnsAnswer dns, String preferIpv4Stack, String preferIpv6Addresses, String ipv6Address,
            int attempts) {
        String types;
        String reason;
        if (nettyBoolean(preferIpv4Stack)) {
            types = IPV4_ONLY;
            reason = "IPv4 only (" + types + ": java.net.preferIPv4Stack=" + preferIpv4Stack + ")";
        } else if (ipv6Address == null) {
            types = IPV4_ONLY;
            reason = "IPv4 only (" + types + ": no interface has an IPv6 address but loopback and link-local ones)";
        } else if (preferIpv6Addresses != null && preferIpv6Addresses.trim().equalsIgnoreCase("true")) {
            types = IPV6_PREFERRED;
            reason = "IPv6 first (" + types + ": java.net.preferIPv6Addresses=true and this machine has " + ipv6Address
                    + ")";
        } else {
            types = IPV4_PREFERRED;
            reason = "IPv4 first (" + types + ": java.net.preferIPv6Addresses="
                    + (preferIpv6Addresses == null ? "false, the default" : preferIpv6Addresses
                            + (preferIpv6Addresses.trim().equalsIgnoreCase("false") ? "" : ", which Netty reads as false"))
                    + ")";
        }
        List<String> ipv4 = new ArrayList<>();
        List<String> ipv6 = new ArrayList<>();
        for (DnsAnswer.Entry entry : dns.entries) {
            (entry.type.equals("A") ? ipv4 : ipv6).add(entry.value);
        }
        boolean bothFamilies = !types.equals(IPV4_ONLY);
        boolean oneQuery = bothFamilies && attempts == 1;
        List<String> order = new ArrayList<>(types.equals(IPV6_PREFERRED) ? ipv6 : ipv4);
        if (bothFamilies && !oneQuery) {
            order.addAll(types.equals(IPV6_PREFERRED) ? ipv4 : ipv6);
        }
        return new NettyView(types, reason, order, oneQuery);
    }

    /** What the app would be told about the difference from the JVM's order; null when there is none. */
    String note(JvmView jvm) {
        if (sameOrderAs(jvm)) {
            return null;
        }
        List<String> notes = new ArrayList<>();
        if (!addressTypes.equals(jdkTypes(jvm))) {
            notes.add("Netty does not read java.net.preferIPv6Addresses as the JDK does: it puts IPv6 first only for"
                    + " true, and only where an interface has an IPv6 address other than loopback and link-local ones;"
                    + " without one it asks for IPv4 alone");
        }
        if (oneQueryPerLookup) {
            notes.add("resolv.conf's attempts:1 lets Netty send one query per lookup, so it asks for "
                    + (addressTypes.equals(IPV6_PREFERRED) ? "IPv6" : "IPv4") + " alone");
        }
        return String.join("; ", notes);
    }

    /** Whether Netty's view of the JVM's settings puts addresses in the order the JDK does. */
    boolean sameOrderAs(JvmView jvm) {
        return addressTypes.equals(jdkTypes(jvm)) && !oneQueryPerLookup;
    }

    /** The JDK's order in Netty's words; null for the resolver's own order (preferIPv6Addresses=system). */
    private static String jdkTypes(JvmView jvm) {
        String prefer = jvm.preferIpv6Addresses;
        if ("true".equalsIgnoreCase(jvm.preferIpv4Stack)) {
            return IPV4_ONLY;
        }
        if ("true".equalsIgnoreCase(prefer)) {
            return IPV6_PREFERRED;
        }
        return "system".equalsIgnoreCase(prefer) ? null : IPV4_PREFERRED;
    }

    /** Netty's SystemPropertyUtil.getBoolean, whose default here is false. */
    private static boolean nettyBoolean(String value) {
        if (value == null) {
            return false;
        }
        String word = value.trim().toLowerCase(Locale.ROOT);
        return word.equals("true") || word.equals("yes") || word.equals("1");
    }

    /** An IPv6 address of an interface that makes Netty ask for AAAA records, as text; null when none does. */
    static String ipv6Address() {
        try {
            Enumeration<NetworkInterface> interfaces = NetworkInterface.getNetworkInterfaces();
            while (interfaces != null && interfaces.hasMoreElements()) {
                NetworkInterface network = interfaces.nextElement();
                for (Enumeration<InetAddress> addresses = network.getInetAddresses(); addresses.hasMoreElements();) {
                    InetAddress address = addresses.nextElement();
                    if (address instanceof Inet6Address && !address.isAnyLocalAddress() && !address.isLoopbackAddress()
                            && !address.isLinkLocalAddress()) {
                        String text = AddressText.of(address);
                        int zone = text.indexOf('%');
                        return (zone < 0 ? text : text.substring(0, zone)) + " on " + network.getName();
                    }
                }
            }
        } catch (SocketException | RuntimeException e) {
            // As Netty does when it cannot list the interfaces: none.
        }
        return null;
    }

    /** The attempts option of resolv.conf, or -1 when it sets none or cannot be read. */
    static int resolvAttempts(Path resolvConf) {
        int attempts = -1;
        try {
            for (String line : Files.readAllLines(resolvConf, StandardCharsets.ISO_8859_1)) {
                String[] words = line.trim().split("\\s+");
                if (words.length == 0 || !words[0].equals("options")) {
                    continue;
                }
                for (String word : words) {
                    if (word.startsWith("attempts:")) {
                        try {
                            attempts = Integer.parseInt(word.substring("attempts:".length()));
                        } catch (NumberFormatException ignored) {
                            // Netty would fail to read it too; glibc ignores it.
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return attempts;
    }
}
