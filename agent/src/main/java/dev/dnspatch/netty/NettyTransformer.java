package dev.dnspatch.netty;

import dev.dnspatch.policy.AddressPolicy;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;

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

    private final AddressPolicy policy;
    private final Instrumentation instrumentation;
    private NettyPatcher patcher;

    private NettyTransformer(AddressPolicy policy, Instrumentation instrumentation) {
        this.policy = policy;
        this.instrumentation = instrumentation;
    }

    /** Registered without retransformation: a class is patched as it is defined. */
    public static void register(AddressPolicy policy, Instrumentation instrumentation) {
        instrumentation.addTransformer(new NettyTransformer(policy, instrumentation));
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
            patcher = new NettyPatcher(policy, instrumentation);
        }
        return patcher;
    }
}
