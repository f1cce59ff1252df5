package dev.dnspatch.policy;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers route probes for a few seconds, per destination prefix: an IPv6 /64 (routes are almost
 * never more specific, and one host name often has many addresses in one /64) or a single IPv4
 * address (host routes, from VPNs for one, are common there). The expiry is short so that a route
 * that appears later, such as an interface that comes up after the app, is used soon after.
 */
final class RouteCache implements Routes {
    static final long EXPIRY_NANOS = 5_000_000_000L;
    /** Bounded, so {@code hosts=*} in a JVM that resolves many names cannot grow it without end. */
    static final int MAX_PREFIXES = 4096;

    /** The time source, in nanoseconds; {@code System::nanoTime} outside tests. */
    interface Clock {
        long nanos();
    }

    private final Routes probe;
    private final Clock clock;
    private final ConcurrentHashMap<Object, Checked> checked = new ConcurrentHashMap<>();

    RouteCache(Routes probe, Clock clock) {
        this.probe = probe;
        this.clock = clock;
    }

    /**
     * The real probe with the system clock; a plain class, not a lambda, to spin nothing at run
     * time. Typed as the interface so that verifying AddressPolicy loads neither.
     */
    static Routes probing() {
        return new RouteCache(new RouteProbe(), new Clock() {
            @Override
            public long nanos() {
                return System.nanoTime();
            }
        });
    }

    @Override
    public boolean hasRoute(InetAddress address) {
        Object prefix = prefix(address);
        long now = clock.nanos();
        Checked last = prefix == null ? null : checked.get(prefix);
        if (last != null && now - last.at < EXPIRY_NANOS) {
            return last.routable;
        }
        boolean routable = probe.hasRoute(address);
        if (prefix != null) {
            if (checked.size() >= MAX_PREFIXES) {
                checked.clear();
            }
            checked.put(prefix, new Checked(routable, now));
        }
        return routable;
    }

    int size() {
        return checked.size();
    }

    /**
     * An Integer for an IPv4 address, a Long for an IPv6 /64; they never equal each other. Null for
     * a scoped IPv6 address, whose route depends on its interface: it is probed every time.
     */
    private static Object prefix(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            return ((bytes[0] & 0xff) << 24) | ((bytes[1] & 0xff) << 16) | ((bytes[2] & 0xff) << 8) | (bytes[3] & 0xff);
        }
        if (((Inet6Address) address).getScopeId() != 0 || ((Inet6Address) address).getScopedInterface() != null) {
            return null;
        }
        long prefix = 0;
        for (int i = 0; i < 8; i++) {
            prefix = (prefix << 8) | (bytes[i] & 0xff);
        }
        return prefix;
    }

    private static final class Checked {
        final boolean routable;
        final long at;

        Checked(boolean routable, long at) {
            this.routable = routable;
            this.at = at;
        }
    }
}
