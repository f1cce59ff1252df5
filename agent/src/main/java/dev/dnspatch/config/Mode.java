package dev.dnspatch.config;

/** Which address family matching hosts get, and whether the other family is dropped or only moved back. */
public enum Mode {
    IPV4_ONLY(true, true),
    IPV4_FIRST(true, false),
    IPV6_ONLY(false, true),
    IPV6_FIRST(false, false);

    private final boolean ipv4;
    private final boolean only;

    Mode(boolean ipv4, boolean only) {
        this.ipv4 = ipv4;
        this.only = only;
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
