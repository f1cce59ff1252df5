package dev.dnspatch.status;

import dev.dnspatch.netty.NettyTransformer;
import java.util.List;

/**
 * The one place status reads which copies of Netty carry the hook: today the class loaders whose
 * {@code io.netty.resolver.dns.DnsNameResolver} was patched.
 */
final class NettyCopies {
    private NettyCopies() {
    }

    /** {@code io.netty in the app class loader; io.netty in java.net.URLClassLoader@1b2c3d}, or "none". */
    static String describe() {
        List<ClassLoader> loaders = NettyTransformer.patchedLoaders();
        if (loaders.isEmpty()) {
            return "none";
        }
        StringBuilder text = new StringBuilder();
        for (ClassLoader loader : loaders) {
            text.append(text.length() == 0 ? "" : "; ").append("io.netty in ").append(name(loader));
        }
        return text.toString();
    }

    private static String name(ClassLoader loader) {
        if (loader == null) {
            return "the boot class loader";
        }
        if (loader == ClassLoader.getSystemClassLoader()) {
            return "the app class loader";
        }
        return loader.getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(loader));
    }
}
