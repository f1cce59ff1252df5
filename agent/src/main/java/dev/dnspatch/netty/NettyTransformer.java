package dev.dnspatch.netty;

import dev.dnspatch.policy.AddressPolicy;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;

/**
 * Watches for Netty's DNS resolver in every class loader, for the life of the JVM: Netty is loaded
 * late, by whatever loader the app uses, and maybe more than once, original or relocated by a
 * client jar under a package of its own ({@code org/apache/pulsar/shade/io/netty/...}). So it sees
 * every class the app loads, and for all of them but two per copy it compares the end of the
 * internal name and returns: this is the only class of the Netty hook that an app without Netty
 * ever loads, and it references nothing else until a name matches.
 */
public final class NettyTransformer implements ClassFileTransformer {
    /** {@link NettyNames#RESOLVER_SUFFIX} and {@link NettyNames#CONTEXT_SUFFIX}, inlined: no class loads for them. */
    private static final String RESOLVER_SUFFIX = NettyNames.RESOLVER_SUFFIX;
    private static final String CONTEXT_SUFFIX = NettyNames.CONTEXT_SUFFIX;

    /**
     * The policy Netty's lookups get, for every copy of Netty: here, so that an attach can replace
     * it (or switch it off, with null) where premain put it.
     */
    private static volatile AddressPolicy policy;
    private static volatile boolean registered;

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

    /** The policy in place, or null where it is switched off. */
    static AddressPolicy policy() {
        return policy;
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        if (className == null || !(className.endsWith(RESOLVER_SUFFIX) || className.endsWith(CONTEXT_SUFFIX))) {
            return null;
        }
        NettyNames names = NettyNames.of(className);
        return names == null ? null : patcher().patch(loader, names, className, protectionDomain, classfileBuffer);
    }

    private synchronized NettyPatcher patcher() {
        if (patcher == null) {
            patcher = new NettyPatcher(instrumentation);
        }
        return patcher;
    }
}
