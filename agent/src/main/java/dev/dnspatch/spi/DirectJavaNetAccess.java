package dev.dnspatch.spi;

import dev.dnspatch.instrument.InstrumentationEngine;
import dev.dnspatch.instrument.JavaNetAccess;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandles;
import java.net.InetAddress;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The instrumentation engine's work in {@code java.net}, with direct JDK 9+ calls. It lives here
 * only because this package is compiled for release 18; see {@link JavaNetAccess} for why.
 */
public final class DirectJavaNetAccess implements JavaNetAccess {
    static {
        InstrumentationEngine.register(new DirectJavaNetAccess());
    }

    private DirectJavaNetAccess() {
    }

    @Override
    public Class<?> defineBridge(Instrumentation instrumentation, Class<?> inetAddress, byte[] bytes)
            throws Exception {
        Module javaBase = inetAddress.getModule();
        Module agent = DirectJavaNetAccess.class.getModule();
        if (!javaBase.isOpen("java.net", agent)) {
            instrumentation.redefineModule(javaBase, Set.of(), Map.of(), Map.of("java.net", Set.of(agent)), Set.of(),
                    Map.of());
        }
        return MethodHandles.privateLookupIn(inetAddress, MethodHandles.lookup()).defineClass(bytes);
    }

    @Override
    public void setHook(Class<?> bridge, BiFunction<String, InetAddress[], InetAddress[]> hook) throws Exception {
        MethodHandles.lookup().findStaticVarHandle(bridge, "hook", BiFunction.class).setVolatile(hook);
    }

    @Override
    public void setField(Class<?> bridge, String field, Class<?> type, Object value) throws Exception {
        MethodHandles.lookup().findStaticVarHandle(bridge, field, type).setVolatile(value);
    }
}
