package dev.dnspatch.engine;

import dev.dnspatch.config.ConfigException;
import dev.dnspatch.config.EngineChoice;
import dev.dnspatch.instrument.InstrumentationEngine;
import java.lang.instrument.Instrumentation;

/**
 * Picks the engine. {@code engine=auto} takes the resolver provider where it will take effect,
 * and says why when it does not; a forced engine that cannot work is a configuration error.
 *
 * <p>An instance is one pick: the chosen engine (null when none can work here) and, when auto had
 * to pass over the resolver provider, why. It is this class rather than a nested one because
 * every class loaded in premain costs start-up time in every JVM the agent is put into.
 */
public final class Engines {
    private static final String RESOLVER_PROVIDER_ENGINE = "dev.dnspatch.spi.ResolverProviderEngine";

    public final Engine engine;
    public final String reason;

    private Engines(Engine engine, String reason) {
        this.engine = engine;
        this.reason = reason;
    }

    public static Engines select(EngineChoice choice, Instrumentation instrumentation) throws ConfigException {
        String providerWhyNot = null;
        if (choice != EngineChoice.INSTRUMENT) {
            Engine provider = resolverProvider();
            providerWhyNot = provider == null ? null : provider.whyNot(instrumentation);
            if (choice == EngineChoice.SPI && (provider == null || providerWhyNot != null)) {
                throw new ConfigException("engine=spi cannot take effect here: " + (provider == null
                        ? "JDK " + System.getProperty("java.version") + " has no resolver SPI (it came in JDK 18)"
                        : providerWhyNot) + "; use engine=auto or engine=instrument");
            }
            if (provider != null && providerWhyNot == null) {
                return new Engines(provider, null);
            }
        }
        Engine instrument = new InstrumentationEngine();
        String instrumentWhyNot = instrument.whyNot(instrumentation);
        if (instrumentWhyNot != null) {
            if (choice == EngineChoice.INSTRUMENT) {
                throw new ConfigException("engine=instrument cannot take effect here: " + instrumentWhyNot);
            }
            return new Engines(null, (providerWhyNot == null ? "" : providerWhyNot + ", and ") + instrumentWhyNot);
        }
        // The reason is only said when auto passed over a provider that exists: below JDK 18
        // instrumentation is simply the engine.
        return new Engines(instrument, providerWhyNot);
    }

    private static volatile Engine registeredResolverProvider;

    /**
     * Called by the resolver provider engine's static initializer. Initializing a class by name
     * is native work; a reflective constructor call would spin method handles inside premain.
     */
    public static void register(Engine resolverProviderEngine) {
        registeredResolverProvider = resolverProviderEngine;
    }

    /** Loaded by name: it is compiled for JDK 18, and must not be touched on older JVMs. */
    private static Engine resolverProvider() {
        return initializeOnJdk18(RESOLVER_PROVIDER_ENGINE) ? registeredResolverProvider : null;
    }

    /**
     * Initializes a class compiled for release 18, whose static initializer registers it, where
     * the JDK has the resolver SPI (JDK 18+); false on older JDKs, which must not touch it.
     */
    private static boolean initializeOnJdk18(String className) {
        try {
            Class.forName("java.net.spi.InetAddressResolverProvider", false, null);
            Class.forName(className, true, Engines.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError olderJdk) {
            return false;
        }
    }
}
