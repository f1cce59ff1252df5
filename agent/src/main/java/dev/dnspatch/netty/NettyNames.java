package dev.dnspatch.netty;

/**
 * The internal names and descriptors of one copy of Netty, as its class files spell them: the
 * original under {@code io/netty/}, or a copy a client jar relocated under a package of its own
 * ({@code org/apache/pulsar/shade/io/netty/...}), whose every descriptor carries that prefix.
 */
final class NettyNames {
    static final String RESOLVER_SUFFIX = "io/netty/resolver/dns/DnsNameResolver";
    static final String CONTEXT_SUFFIX = "io/netty/resolver/dns/DnsAddressResolveContext";

    /** "" for the original, else the relocation's internal prefix, ending in '/'. */
    final String prefix;
    final String resolver;
    final String context;
    final String promise;
    final String recordTypes;
    /** doResolve and doResolveAll: (String, DnsRecord[], Promise, DnsCache)V. */
    final String lookup;
    /** executor(): ()EventLoop. */
    final String executor;
    /** The private funnel of resolveAll(DnsQuestion...): (DnsQuestion, DnsRecord[], Promise)Future. */
    final String questionLookup;
    final String question;
    final String future;

    private NettyNames(String prefix) {
        this.prefix = prefix;
        resolver = prefix + RESOLVER_SUFFIX;
        context = prefix + CONTEXT_SUFFIX;
        promise = prefix + "io/netty/util/concurrent/Promise";
        future = prefix + "io/netty/util/concurrent/Future";
        question = prefix + "io/netty/handler/codec/dns/DnsQuestion";
        String records = "[L" + prefix + "io/netty/handler/codec/dns/DnsRecord;";
        recordTypes = "[L" + prefix + "io/netty/handler/codec/dns/DnsRecordType;";
        lookup = "(Ljava/lang/String;" + records + "L" + promise + ";L" + prefix + "io/netty/resolver/dns/DnsCache;)V";
        executor = "()L" + prefix + "io/netty/channel/EventLoop;";
        questionLookup = "(L" + question + ";" + records + "L" + promise + ";)L" + future + ";";
    }

    /**
     * The names of the copy this class belongs to, or null when it is neither of the two classes
     * the hook patches: its internal name must end in one of them, after nothing or a '/'.
     */
    static NettyNames of(String className) {
        String suffix = className.endsWith(RESOLVER_SUFFIX) ? RESOLVER_SUFFIX
                : className.endsWith(CONTEXT_SUFFIX) ? CONTEXT_SUFFIX : null;
        if (suffix == null) {
            return null;
        }
        int cut = className.length() - suffix.length();
        return cut == 0 || className.charAt(cut - 1) == '/' ? new NettyNames(className.substring(0, cut)) : null;
    }

    boolean relocated() {
        return !prefix.isEmpty();
    }

    /** "io.netty" or "org.apache.pulsar.shade.io.netty": the copy's package, as users read it. */
    String nettyPackage() {
        return (prefix + "io/netty").replace('/', '.');
    }

    /** The binary name of one of this copy's classes, from its name in the original ("io.netty..."). */
    String className(String original) {
        return prefix.replace('/', '.') + original;
    }
}
