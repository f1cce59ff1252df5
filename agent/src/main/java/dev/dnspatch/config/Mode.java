package dev.dnspatch.config;

/**
 * Which address family matching hosts get, and whether the other family is dropped or only moved
 * back; or, for {@link #AUTO}, no family at all: the addresses this machine has no route to are
 * dropped, whatever their family.
 */
public enum Mode {
    IPV4_ONLY(true, true, false),
    IPV4_FIRST(true, false, false),
    IPV6_ONLY(false, true, false),
    IPV6_FIRST(false, false, false),
    /** Prefers no family; its family answers below are unused, and it never asks for one family alone. */
    AUTO(false, false, true);

    private final boolean ipv4;
    private final boolean only;
    private final boolean probesRoutes;

    Mode(boolean ipv4, boolean only, boolean probesRoutes) {
        this.ipv4 = ipv4;
        this.only = only;
        this.probesRoutes = probesRoutes;
    }

    /** True for auto: keep the addresses this machine has a route to, in the resolver's order. */
    public boolean probesRoutes() {
        return probesRoutes;
    }

    /** True when IPv4 is the preferred family, false for IPv6. */
    public boolean prefersIpv4() {
        return ipv4;
    }

    /** True for the -only modes, which drop the other family instead of moving it to the back. */
    public boolean dropsOtherFamily() {
        return only;
    }

    public String familyName() {
        return ipv4 ? "IPv4" : "IPv6";
    }

    public String otherFamilyName() {
        return ipv4 ? "IPv6" : "IPv4";
    }

    /** The word users type. */
    public String word() {
        return Option.word(this);
    }
}
