package dev.dnspatch.spi;

import dev.dnspatch.instrument.InstrumentationEngine;
import dev.dnspatch.instrument.JavaNetDefiner;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandles;
import java.util.Map;
import java.util.Set;

/**
 * The instrumentation engine's bridge definition with direct JDK 9 calls. It lives here only
 * because this package is compiled for release 18; see {@link JavaNetDefiner} for why.
 */
public final class DirectJavaNetDefiner implements JavaNetDefiner {
    static {
        InstrumentationEngine.register(new DirectJavaNetDefiner());
    }

    private DirectJavaNetDefiner() {
    }

    @Override
    public Class<?> define(Instrumentation instrumentation, Class<?> inetAddress, byte[] bytes) throws Exception {
        Module javaBase = inetAddress.getModule();
        Module agent = DirectJavaNetDefiner.class.getModule();
        if (!javaBase.isOpen("java.net", agent)) {
            instrumentation.redefineModule(javaBase, Set.of(), Map.of(), Map.of("java.net", Set.of(agent)), Set.of(),
                    Map.of());
        }
        return MethodHandles.privateLookupIn(inetAddress, MethodHandles.lookup()).defineClass(bytes);
    }
}
