package dev.dnspatch.spi;

import dev.dnspatch.engine.Engine;
import dev.dnspatch.engine.ProviderSwitch;
import dev.dnspatch.policy.AddressPolicy;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.spi.InetAddressResolverProvider;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * The JDK 18+ engine. The JDK takes the first provider it finds, once, on the first lookup,
 * and takes none at all in three cases; this class finds out in premain whether we will be
 * that provider.
 */
public final class ResolverProviderEngine implements Engine {
    private final Instrumentation instrumentation;

    public ResolverProviderEngine(Instrumentation instrumentation) {
        this.instrumentation = instrumentation;
    }

    @Override
    public String name() {
        return "spi";
    }

    @Override
    public String whyNot() {
        if (System.getProperty("jdk.net.hosts.file") != null) {
            return "jdk.net.hosts.file is set";
        }
        String resolvedEarly = resolvedEarly();
        if (resolvedEarly != null) {
            return resolvedEarly;
        }
        return ServiceLoader.load(InetAddressResolverProvider.class, ClassLoader.getSystemClassLoader())
                .stream()
                .findFirst()
                .map(ServiceLoader.Provider::type)
                .filter(first -> first != DnspatchResolverProvider.class)
                .map(first -> first.getName() + " comes first on the class path as resolver provider")
                .orElse(null);
    }

    /**
     * The JDK fixes its resolver on the first lookup. Until something has loaded InetAddress no
     * lookup can have happened, and that is the usual case, so the common start-up does no
     * reflection at all.
     */
    private String resolvedEarly() {
        if (instrumentation == null || !isLoaded("java.net.InetAddress")) {
            return null;
        }
        try {
            Module javaBase = InetAddress.class.getModule();
            Module agent = getClass().getModule();
            if (!javaBase.isOpen("java.net", agent)) {
                instrumentation.redefineModule(javaBase, Set.of(), Map.of(), Map.of("java.net", Set.of(agent)),
                        Set.of(), Map.of());
            }
            Field field = InetAddress.class.getDeclaredField("resolver");
            field.setAccessible(true);
            Object resolver = field.get(null);
            if (resolver == null || resolver instanceof PolicyResolver) {
                return null;
            }
            return "a name was resolved before dnspatch loaded";
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private boolean isLoaded(String className) {
        for (Class<?> loaded : instrumentation.getAllLoadedClasses()) {
            if (loaded.getClassLoader() == null && loaded.getName().equals(className)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void install(AddressPolicy policy) {
        ProviderSwitch.enable(policy);
    }
}
