package dev.dnspatch.netty;

import dev.dnspatch.status.StatusBoard;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The copies of Netty whose DnsNameResolver carries the hook, in the order they were patched: the
 * one place that knows, for the debug line, for {@code attach}'s report and for anything else
 * that asks. A copy is its package (the original {@code io.netty}, or a relocated one) in one
 * class loader, held weakly: a loader that is gone takes its entry with it.
 */
public final class NettyCopies {
    private static final List<Copy> PATCHED = new CopyOnWriteArrayList<>();

    private NettyCopies() {
    }

    /** One patched copy: its package, its version as its jar records it, and its class loader. */
    public static final class Copy {
        private final String nettyPackage;
        private final String version;
        private final WeakReference<ClassLoader> loader;
        private final boolean bootLoader;
        private final String loaderName;

        Copy(String nettyPackage, String version, ClassLoader loader) {
            this.nettyPackage = nettyPackage;
            this.version = version;
            this.loader = new WeakReference<>(loader);
            this.bootLoader = loader == null;
            this.loaderName = NettyCopies.loaderName(loader);
        }

        /** {@code io.netty}, or the package a client relocated it to. */
        public String nettyPackage() {
            return nettyPackage;
        }

        /** {@code 4.1.135.Final}, or {@code (version unknown)} where its jar does not say. */
        public String version() {
            return version;
        }

        /** The class loader as it names itself ({@code toString}), kept past its collection. */
        public String loaderName() {
            return loaderName;
        }

        boolean gone() {
            return !bootLoader && loader.get() == null;
        }

        boolean is(ClassLoader other, String otherPackage) {
            return nettyPackage.equals(otherPackage) && (bootLoader ? other == null : loader.get() == other);
        }

        /** "Netty 4.1.135.Final (io.netty, class loader app)". */
        @Override
        public String toString() {
            return "Netty " + version + " (" + nettyPackage + ", class loader " + loaderName + ")";
        }
    }

    /** "app" for the system class loader, "boot" for the boot loader, else what the loader calls itself. */
    public static String loaderName(ClassLoader loader) {
        if (loader == null) {
            return "boot";
        }
        try {
            if (loader == ClassLoader.getSystemClassLoader()) {
                return "app";
            }
        } catch (IllegalStateException | SecurityException stillStarting) {
            // A custom system class loader that is being made: this is not it.
        }
        return loader.toString();
    }

    static void add(String nettyPackage, String version, ClassLoader loader) {
        PATCHED.removeIf(Copy::gone);
        PATCHED.add(new Copy(nettyPackage, version, loader));
        StatusBoard.nettyPatched();
    }

    /** The copies patched so far whose class loader is still alive. */
    public static List<Copy> patched() {
        List<Copy> alive = new ArrayList<>();
        for (Copy copy : PATCHED) {
            if (!copy.gone()) {
                alive.add(copy);
            }
        }
        return alive;
    }

    /**
     * Whether the resolver class of this name, defined by this loader, carries the hook: a
     * {@code DnsNameResolver} of the original Netty or of a relocated copy.
     */
    public static boolean patched(ClassLoader loader, String resolverClassName) {
        NettyNames names = NettyNames.of(resolverClassName.replace('.', '/'));
        if (names == null) {
            return false;
        }
        String nettyPackage = names.nettyPackage();
        for (Copy copy : PATCHED) {
            if (copy.is(loader, nettyPackage)) {
                return true;
            }
        }
        return false;
    }

    /** Whether this binary class name is a DnsNameResolver of Netty, original or relocated. */
    public static boolean isResolver(String className) {
        NettyNames names = NettyNames.of(className.replace('.', '/'));
        return names != null && className.replace('.', '/').equals(names.resolver);
    }
}
