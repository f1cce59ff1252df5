package dev.dnspatch.netty;

import dev.dnspatch.instrument.NettyBridge;
import dev.dnspatch.log.Log;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.net.URL;
import java.net.URLConnection;
import java.security.ProtectionDomain;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Properties;

/**
 * Patches the two Netty classes the transformer hands it, of the original Netty or of a copy
 * relocated under another package, in whichever class loader defines them. The first resolver
 * class makes the bridge ready (defining it where the JVM has none yet) and gives it the hooks.
 * Nothing here may break Netty: whatever fails leaves the class as Netty wrote it, so Netty
 * resolves as it does without dnspatch, and says so in one line that names the copy.
 */
final class NettyPatcher {
    private static final String VERSIONS = "META-INF/io.netty.versions.properties";
    private static final String VERSION_KEY = "netty-resolver-dns.version";
    private static final String UNKNOWN = "(version unknown)";

    private final Instrumentation instrumentation;
    /** Null until the first resolver class; then "" when the bridge is ready, else why it is not. */
    private String bridgeProblem;

    NettyPatcher(Instrumentation instrumentation) {
        this.instrumentation = instrumentation;
    }

    /** The patched class file, or null to leave it as it is. Never throws: the JVM would swallow it. */
    byte[] patch(ClassLoader loader, NettyNames names, String className, ProtectionDomain domain, byte[] bytes) {
        try {
            return className.equals(names.resolver) ? patchResolver(loader, names, domain, bytes)
                    : patchContext(names, bytes);
        } catch (Throwable e) {
            Log.error("could not patch Netty" + (names.relocated() ? " in " + names.nettyPackage() : "")
                    + "'s DNS resolver (" + e + "); its lookups are not patched");
            return null;
        }
    }

    private byte[] patchResolver(ClassLoader loader, NettyNames names, ProtectionDomain domain, byte[] bytes) {
        String version = version(loader, names, domain);
        String copy = "Netty " + version + (names.relocated() ? " in " + names.nettyPackage() : "");
        String missing = ResolverPatch.missing(bytes, names);
        if (missing != null) {
            Log.warn(copy + " is not supported (its DnsNameResolver has no " + missing + "): its lookups are not"
                    + " patched");
            return null;
        }
        if (givesOneFamilyOnly(loader, names)) {
            Log.warn(copy + " is not supported (its lookups hand out the addresses of one family only, and dnspatch"
                    + " needs the whole answer, as Netty 4.1.35 and later give it): its lookups are not patched");
            return null;
        }
        if (!bridgeReady(copy)) {
            return null;
        }
        if (!ResolverPatch.answersQuestions(bytes, names)) {
            Log.warn(copy + ": its DnsNameResolver has no resolveAll(DnsQuestion, DnsRecord[], Promise), so the A and"
                    + " AAAA records a client asks for itself are not patched; its address lookups are");
        }
        byte[] patched = ResolverPatch.apply(bytes, names);
        if (patched != null) {
            NettyCopies.add(names.nettyPackage(), version, loader);
            if (Log.isDebugEnabled()) {
                Log.debug("patched the DnsNameResolver of " + copy + ", class loader " + NettyCopies.loaderName(loader));
            }
        }
        return patched;
    }

    /**
     * The constructor of a lookup's state: the record types (so that a host whose mode drops a
     * family is asked for the other alone) and whether it may finish before the whole answer is
     * in. Where the class has another shape, Netty asks and waits as it always does, and the
     * answer is filtered all the same.
     */
    private byte[] patchContext(NettyNames names, byte[] bytes) {
        synchronized (this) {
            if (!"".equals(bridgeProblem)) {
                return null;
            }
        }
        byte[] patched = ContextPatch.apply(bytes, names);
        if (patched == null && Log.isDebugEnabled()) {
            Log.debug("Netty's DnsAddressResolveContext has no constructor this version knows: Netty asks DNS for"
                    + " the families it always asks for, and dnspatch filters the answer");
        }
        return patched;
    }

    /**
     * Before 4.1.35, Netty's lookup of all addresses kept only the preferred family's where it had
     * any: the policy would not see the whole answer, and could say that a host has no IPv4 address
     * when it has. 4.1.35 sorts the whole answer instead, with a class it added for that, which is
     * looked for as a resource of the same loader (loading it would run Netty's code). A loader that
     * shows no class files as resources at all proves nothing either way.
     */
    private static boolean givesOneFamilyOnly(ClassLoader loader, NettyNames names) {
        return resource(loader, names.resolver + ".class")
                && !resource(loader, names.prefix + "io/netty/resolver/dns/PreferredAddressTypeComparator.class");
    }

    private static boolean resource(ClassLoader loader, String name) {
        return (loader == null ? ClassLoader.getSystemResource(name) : loader.getResource(name)) != null;
    }

    /** Once per JVM: the bridge and its hooks, shared by every copy of Netty. */
    private synchronized boolean bridgeReady(String copy) {
        if (bridgeProblem == null) {
            try {
                NettyHooks hooks = new NettyHooks();
                NettyBridge.install(instrumentation, hooks.resolveAll(), hooks.resolveFirst(), hooks.context(),
                        hooks.done(), hooks.question());
                bridgeProblem = "";
            } catch (Exception | LinkageError e) {
                bridgeProblem = e.toString();
                Log.warn("cannot patch Netty's DNS resolver in this JVM (" + bridgeProblem + "): " + copy
                        + "'s lookups are not patched");
            }
        }
        return bridgeProblem.isEmpty();
    }

    /**
     * The version netty-resolver-dns records in its jar, read as a resource: asking Netty's own
     * {@code Version} class would load and initialize Netty's code. A relocated copy's is read
     * from the jar that holds its resolver alone, where the client kept it: its loader may see
     * the original Netty's too.
     */
    static String version(ClassLoader loader, NettyNames names, ProtectionDomain domain) {
        try {
            Enumeration<URL> files;
            if (!names.relocated()) {
                files = loader == null ? ClassLoader.getSystemResources(VERSIONS) : loader.getResources(VERSIONS);
            } else {
                URL jar = domain == null || domain.getCodeSource() == null ? null : domain.getCodeSource().getLocation();
                if (jar == null || !jar.getPath().endsWith(".jar")) {
                    return UNKNOWN;
                }
                files = Collections.enumeration(Collections.singletonList(new URL("jar:" + jar + "!/" + VERSIONS)));
            }
            while (files.hasMoreElements()) {
                Properties versions = new Properties();
                URLConnection connection = files.nextElement().openConnection();
                // A jar: URL caches the open jar file by default, for the life of the JVM.
                connection.setUseCaches(false);
                try (InputStream in = connection.getInputStream()) {
                    versions.load(in);
                }
                String version = versions.getProperty(VERSION_KEY);
                if (version != null) {
                    return version;
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return UNKNOWN;
    }
}
