package dev.dnspatch.spi;

import dev.dnspatch.engine.Engine;
import dev.dnspatch.engine.Engines;
import dev.dnspatch.engine.ProviderSwitch;
import dev.dnspatch.javanet.JavaNet;
import dev.dnspatch.policy.AddressPolicy;
import java.lang.instrument.Instrumentation;
import java.lang.module.ModuleDescriptor;
import java.net.InetAddress;
import java.net.spi.InetAddressResolver;
import java.util.List;

/**
 * The JDK 18+ engine. The JDK takes the first provider it finds, once, on the first lookup,
 * and in four cases takes none of dnspatch's; this class finds out, in premain or when attached
 * to a running JVM, whether we will be that provider.
 */
public final class ResolverProviderEngine implements Engine {
    private static final String SERVICE = "java.net.spi.InetAddressResolverProvider";

    static {
        Engines.register(new ResolverProviderEngine());
    }

    private ResolverProviderEngine() {
    }

    @Override
    public String name() {
        return "spi";
    }

    @Override
    public String whyNot(Instrumentation instrumentation) {
        if (System.getProperty("jdk.net.hosts.file") != null) {
            return "jdk.net.hosts.file is set";
        }
        if (System.getSecurityManager() != null) {
            // The JDK searches for providers in a limited doPrivileged: reading a service file is
            // checked against the code that did the first lookup. Where the app may not read
            // dnspatch's jar, the search skips it without a word, and the JDK keeps its builtin
            // resolver for good (seen on JDK 21). The instrumentation engine needs no such search.
            return "a SecurityManager is installed, under which the JDK can miss resolver providers";
        }
        String resolvedEarly = resolvedEarly(instrumentation);
        if (resolvedEarly != null) {
            return resolvedEarly;
        }
        return otherProviderFirst();
    }

    /**
     * The JDK takes the first provider its ServiceLoader finds: one in a named module, else the
     * first service file on the class path. Where the -javaagent jar is appended to the class
     * path, the application's jars come first. Reading where the service files live, rather than
     * running a ServiceLoader, keeps this to a lookup in memory and one on the class path, with
     * no provider instantiated.
     */
    private static String otherProviderFirst() {
        for (Module module : ModuleLayer.boot().modules()) {
            for (ModuleDescriptor.Provides provides : module.getDescriptor().provides()) {
                if (provides.service().equals(SERVICE)) {
                    return "module " + module.getName() + " provides a resolver, which the JDK takes first";
                }
            }
        }
        String ours = DnspatchResolverProvider.ourServiceFile();
        List<String> files = DnspatchResolverProvider.systemServiceFiles();
        if (ours == null || files.isEmpty() || files.get(0).equals(ours)) {
            return null;
        }
        String jar = container(files.get(0));
        return "another resolver provider comes first on the class path ("
                + jar.substring(jar.lastIndexOf('/') + 1) + ")";
    }

    /** {@code jar:file:/app/lib/x.jar!/META-INF/...} to {@code jar:file:/app/lib/x.jar}. */
    private static String container(String text) {
        int end = text.indexOf("!/");
        return end < 0 ? text : text.substring(0, end);
    }

    /**
     * The JDK fixes its resolver on the first lookup. Until something has loaded InetAddress no
     * lookup can have happened, and that is the usual case, so the common start-up touches no
     * {@code java.net} internals at all. Otherwise the field is read through a private lookup that opens
     * {@code java.net} to dnspatch's own loader, never to the application (see {@link JavaNet}).
     */
    private static String resolvedEarly(Instrumentation instrumentation) {
        if (instrumentation == null || !wasLoaded(instrumentation.getAllLoadedClasses())) {
            return null;
        }
        try {
            Object resolver = JavaNet.lookup(instrumentation)
                    .findStaticVarHandle(InetAddress.class, "resolver", InetAddressResolver.class).getVolatile();
            if (resolver == null || resolver instanceof PolicyResolver) {
                return null;
            }
            return "a name was resolved before dnspatch loaded";
        } catch (Exception | LinkageError e) {
            // Unknown is not "no": the provider would then be chosen where it may never be asked.
            return "cannot tell whether a name was resolved before dnspatch loaded (" + e + ")";
        }
    }

    /**
     * Whether InetAddress is among the classes loaded before this call. Compared by identity:
     * asking each of a thousand classes for its name creates a thousand strings, about a
     * millisecond. Naming InetAddress.class loads it (not initializes it) only after the list
     * was taken, so the answer is not affected.
     */
    private static boolean wasLoaded(Class<?>[] loadedBefore) {
        Class<?> inetAddress = InetAddress.class;
        for (Class<?> loaded : loadedBefore) {
            if (loaded == inetAddress) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void install(AddressPolicy policy, Instrumentation instrumentation) {
        ProviderSwitch.enable(policy);
    }
}
