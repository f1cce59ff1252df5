package dev.dnspatch.spi;

import dev.dnspatch.Banner;
import dev.dnspatch.config.Config;
import dev.dnspatch.config.ConfigException;
import dev.dnspatch.engine.ProviderSwitch;
import dev.dnspatch.log.Log;
import dev.dnspatch.policy.AddressPolicy;
import java.io.IOException;
import java.net.URL;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The JDK 18+ resolver provider, named in the jar's {@code META-INF/services}. The JDK creates
 * it on the first lookup. With {@code -javaagent}, premain has already decided whether it is the
 * engine; with the jar only on the class path, it reads {@code dnspatch.*} / {@code DNSPATCH_*}
 * itself. Whenever it is not wanted it hands back the resolver the JDK would have used without it.
 */
public final class DnspatchResolverProvider extends InetAddressResolverProvider {
    private static final String SERVICE_FILE = "META-INF/services/java.net.spi.InetAddressResolverProvider";

    @Override
    public InetAddressResolver get(Configuration configuration) {
        try {
            AddressPolicy policy = ProviderSwitch.isAgentStarted() ? ProviderSwitch.policy() : fromClassPath();
            InetAddressResolver resolver = withoutDnspatch(configuration);
            return policy == null ? resolver : new PolicyResolver(resolver);
        } catch (RuntimeException | LinkageError e) {
            // A failing provider would break every lookup in the JVM; a missing patch breaks none.
            Log.error("resolver provider failed to start (" + e + "); the app runs unpatched");
            return configuration.builtinResolver();
        }
    }

    /**
     * The resolver the JDK would use without dnspatch. The JDK takes the first provider its
     * ServiceLoader finds through the thread's context class loader. premain falls back to
     * instrumentation when another provider comes before ours on the system class path, but a
     * context loader that asks its parent first (Spring Boot's, for one) finds ours before the
     * app's own, such as dnsjava's with {@code org.dnsjava.spi.enable}. Then the app's provider
     * resolves, and dnspatch filters its answers. Only the chosen provider is instantiated.
     */
    private static InetAddressResolver withoutDnspatch(Configuration configuration) {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if ((context == null || context == ClassLoader.getSystemClassLoader()) && onlyOurServiceFile()) {
            // The usual case, settled by where the service files are, without a second ServiceLoader
            // pass that reads every file and loads every provider class named in them. Asked again
            // rather than remembered from premain: agents listed after dnspatch append their jars later.
            return configuration.builtinResolver();
        }
        Iterator<ServiceLoader.Provider<InetAddressResolverProvider>> providers =
                ServiceLoader.load(InetAddressResolverProvider.class).stream().iterator();
        while (providers.hasNext()) {
            ServiceLoader.Provider<InetAddressResolverProvider> next = providers.next();
            // By name: a second copy of dnspatch in the app, under another loader, is not the app's resolver.
            if (!next.type().getName().equals(DnspatchResolverProvider.class.getName())) {
                if (Log.isDebugEnabled()) {
                    Log.debug("resolving through " + next.type().getName() + ", the app's resolver provider");
                }
                return next.get().get(configuration);
            }
        }
        return configuration.builtinResolver();
    }

    private static boolean onlyOurServiceFile() {
        String ours = ourServiceFile();
        List<String> files = systemServiceFiles();
        return ours != null && files.size() == 1 && files.get(0).equals(ours);
    }

    /**
     * The resolver service files the system class loader sees, in the order its ServiceLoader
     * reads them. Empty when they cannot be read: then nothing is taken for granted.
     */
    static List<String> systemServiceFiles() {
        List<String> files = new ArrayList<>(2);
        try {
            for (Enumeration<URL> found = ClassLoader.getSystemResources(SERVICE_FILE); found.hasMoreElements();) {
                files.add(found.nextElement().toString());
            }
        } catch (IOException e) {
            files.clear();
        }
        return files;
    }

    /**
     * This jar's own service file as the class loader names it, from the jar's location (a
     * resource lookup would search every module and class path entry), or null where the
     * location is unknown.
     */
    static String ourServiceFile() {
        CodeSource source = DnspatchResolverProvider.class.getProtectionDomain().getCodeSource();
        URL location = source == null ? null : source.getLocation();
        if (location == null) {
            return null;
        }
        String base = location.toString();
        return base.endsWith("/") ? base + SERVICE_FILE : "jar:" + base + "!/" + SERVICE_FILE;
    }

    /** The jar is a plain class path entry: no premain ran, so this is the start-up. */
    private static AddressPolicy fromClassPath() {
        Config config;
        try {
            config = Config.fromSystem(null);
        } catch (ConfigException e) {
            Log.error(e.getMessage() + "; the app runs unpatched");
            return null;
        }
        Log.setLevel(config.log());
        if (config.hosts().isEmpty()) {
            Log.warn(Banner.NO_HOSTS);
            return null;
        }
        Log.info(Banner.line(config, "spi (from the class path)"));
        AddressPolicy policy = new AddressPolicy(config, "spi (from the class path)", false);
        ProviderSwitch.enable(policy);
        return policy;
    }

    @Override
    public String name() {
        return "dnspatch";
    }
}
