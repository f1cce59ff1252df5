package dev.dnspatch.spi;

import dev.dnspatch.Banner;
import dev.dnspatch.config.Config;
import dev.dnspatch.config.ConfigException;
import dev.dnspatch.engine.ProviderSwitch;
import dev.dnspatch.log.Log;
import dev.dnspatch.policy.AddressPolicy;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.Iterator;
import java.util.ServiceLoader;

/**
 * The JDK 18+ resolver provider, named in the jar's {@code META-INF/services}. The JDK creates
 * it on the first lookup. With {@code -javaagent}, premain has already decided whether it is the
 * engine; with the jar only on the class path, it reads {@code dnspatch.*} / {@code DNSPATCH_*}
 * itself. Whenever it is not wanted it hands back the resolver the JDK would have used without it.
 */
public final class DnspatchResolverProvider extends InetAddressResolverProvider {
    @Override
    public InetAddressResolver get(Configuration configuration) {
        try {
            AddressPolicy policy = ProviderSwitch.isAgentStarted() ? ProviderSwitch.policy() : fromClassPath();
            InetAddressResolver resolver = withoutDnspatch(configuration);
            return policy == null ? resolver : new PolicyResolver(resolver, policy);
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
     * Where the JDK looks through the system class loader, premain has already searched.
     */
    private static InetAddressResolver withoutDnspatch(Configuration configuration) {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (ProviderSwitch.isOnlyProviderOnClassPath()
                && (context == null || context == ClassLoader.getSystemClassLoader())) {
            // The JDK's ServiceLoader searched what premain searched, and premain found only ours.
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
        return new AddressPolicy(config);
    }

    @Override
    public String name() {
        return "dnspatch";
    }
}
