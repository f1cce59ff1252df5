package dev.dnspatch.instrument;

import java.lang.instrument.Instrumentation;
import java.net.InetAddress;
import java.util.function.BiFunction;

/**
 * What the instrumentation engine does to {@code java.net} besides the patch: define the bridge
 * class there, after opening the package to the agent, and set the bridge's hook.
 *
 * <p>The JDK 9 module calls cannot be named in Java 8 bytecode. From Java 8 code they, and the
 * hook's {@code Field.set}, go through reflection, and on JDK 18 and later reflection spins
 * method-handle classes for every new signature. Measured in premain on JDK 25: the module calls
 * took about 40-150 ms through reflection against 8-16 ms direct, and setting the hook 6-30 ms
 * through {@code Field.set} against about 1.3 ms through a {@code VarHandle}. So on JDK 18+ a
 * class compiled for that release, beside the resolver provider, registers a direct
 * implementation; older JDKs keep reflection, which is cheap there.
 */
public interface JavaNetAccess {
    Class<?> defineBridge(Instrumentation instrumentation, Class<?> inetAddress, byte[] bytes) throws Exception;

    void setHook(Class<?> bridge, BiFunction<String, InetAddress[], InetAddress[]> hook) throws Exception;

    /** Sets another of the bridge's fields, Netty's hooks, of the type given. */
    void setField(Class<?> bridge, String field, Class<?> type, Object value) throws Exception;
}
