package dev.dnspatch.spi;

import dev.dnspatch.Banner;
import dev.dnspatch.config.Config;
import dev.dnspatch.config.ConfigException;
import dev.dnspatch.engine.ProviderSwitch;
import dev.dnspatch.log.Log;
import dev.dnspatch.policy.AddressPolicy;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;

/**
 * The JDK 18+ resolver provider, named in the jar's {@code META-INF/services}. The JDK creates
 * it on the first lookup. With {@code -javaagent}, premain has already decided whether it is the
 * engine; with the jar only on the class path, it reads {@code dnspatch.*} / {@code DNSPATCH_*}
 * itself. Whenever it is not wanted it hands back the builtin resolver, so it costs nothing.
 */
public final class DnspatchResolverProvider extends InetAddressResolverProvider {
    @Override
    public InetAddressResolver get(Configuration configuration) {
        InetAddressResolver builtin = configuration.builtinResolver();
        try {
            AddressPolicy policy = ProviderSwitch.isAgentStarted() ? ProviderSwitch.policy() : fromClassPath();
            return policy == null ? builtin : new PolicyResolver(builtin, policy);
        } catch (RuntimeException | LinkageError e) {
            // A failing provider would break every lookup in the JVM; a missing patch breaks none.
            Log.error("resolver provider failed to start (" + e + "); the app runs unpatched");
            return builtin;
        }
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
