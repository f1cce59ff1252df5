package dev.dnspatch.netty;

import dev.dnspatch.policy.AddressPolicy;
import dev.dnspatch.status.StatusBoard;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Watches for Netty's DNS resolver in every class loader, for the life of the JVM: Netty is loaded
 * late, by whatever loader the app uses, and maybe more than once. So it sees every class the app
 * loads, and for all of them but two it compares the internal name and returns: this is the only
 * class of the Netty hook that an app without Netty ever loads, and it references nothing else
 * until a name matches. Relocated copies (io/grpc/netty/shaded/io/netty/...) do not match.
 */
public final class NettyTransformer implements ClassFileTransformer {
    static final String RESOLVER = "io/netty/resolver/dns/DnsNameResolver";
    static final String CONTEXT = "io/netty/resolver/dns/DnsAddressResolveContext";

    /**
     * The policy Netty's lookups get, for every copy of Netty: here, so that an attach can replace
     * it (or switch it off, with null) where premain put it.
     */
    private static volatile AddressPolicy policy;
    private static volatile boolean registered;
    /** The class loaders whose DnsNameResolver was patched; null stands for the boot loader. */
    private static final Map<ClassLoader, Boolean> PATCHED_IN =
            Collections.synchronizedMap(new WeakHashMap<ClassLoader, Boolean>());

    private final Instrumentation instrumentation;
    private NettyPatcher patcher;

    private NettyTransformer(Instrumentation instrumentation) {
        this.instrumentation = instrumentation;
    }

    /** Registered without retransformation: a class is patched as it is defined. Once per JVM. */
    public static synchronized void register(AddressPolicy chosen, Instrumentation instrumentation) {
        policy = chosen;
        if (!registered) {
            registered = true;
            instrumentation.addTransformer(new NettyTransformer(instrumentation));
        }
    }

    /** Replaces the policy of the Netty classes patched so far and to come; null switches them off. */
    public static void replace(AddressPolicy chosen) {
        policy = chosen;
    }

    /** Whether the DnsNameResolver this class loader defined carries the hook. */
    public static boolean patchedIn(ClassLoader loader) {
        return PATCHED_IN.containsKey(loader);
    }

    /** The class loaders whose DnsNameResolver carries the hook, null for the boot loader: what status shows. */
    public static List<ClassLoader> patchedLoaders() {
        synchronized (PATCHED_IN) {
            return new ArrayList<>(PATCHED_IN.keySet());
        }
    }

    static void patched(ClassLoader loader) {
        PATCHED_IN.put(loader, Boolean.TRUE);
        StatusBoard.nettyPatched();
    }

    /** The policy in place, or null where it is switched off. */
    static AddressPolicy policy() {
        return policy;
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        if (className == null || !(className.equals(RESOLVER) || className.equals(CONTEXT))) {
            return null;
        }
        return patcher().patch(loader, className, protectionDomain, classfileBuffer);
    }

    private synchronized NettyPatcher patcher() {
        if (patcher == null) {
            patcher = new NettyPatcher(instrumentation);
        }
        return patcher;
    }
}
