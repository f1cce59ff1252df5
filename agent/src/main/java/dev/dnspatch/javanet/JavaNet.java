package dev.dnspatch.javanet;

import dev.dnspatch.AgentJar;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandles;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.lang.reflect.Field;
import java.security.ProtectionDomain;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What dnspatch does inside {@code java.base} on JDK 9 and later (define the bridge, which carries
 * the instrumentation engine's hook and Netty's; read which resolver the JDK fixed; reach the
 * JDK's cache of answers; create the perf-data counters that {@code status} reads), through
 * modules of its own, without opening or exporting anything to the application.
 *
 * <p>{@code Instrumentation.redefineModule} opens or exports a package to a module, and dnspatch's
 * own classes are in the system class loader's unnamed module, with every class on the
 * application's class path. So the open goes to another module: the unnamed module of an
 * instance of this class, a class loader that defines one class from the bytes in the agent's jar.
 * Its parent is the boot loader, so it loads nothing else of the agent or of the application.
 * {@link PrivateLookup}, the one class {@code java.net} is opened to, makes a private lookup in
 * {@code InetAddress} and hands it back; dnspatch keeps it nowhere: each use asks for one.
 * {@link PrivatePerf}, the one class {@code jdk.internal.perf} is exported to, hands back what
 * creates perf-data entries. The bytes are read from the jar ({@link AgentJar}); a
 * {@code URLClassLoader} over the jar would load some 15 more JDK classes on JDK 17 for the same
 * class.
 *
 * <p>Compiled for release 9 and only ever loaded on JDK 9 and later, so the JDK 9 calls are
 * direct: from Java 8 bytecode they would go through reflection, which on JDK 18 and later spins
 * method-handle classes for every new signature (measured in premain on JDK 25: the module
 * calls 40-150 ms through reflection against 8-16 ms direct; setting the bridge's hook 6-30 ms
 * through {@code Field.set} against about 1.3 ms through a {@code VarHandle}).
 */
public final class JavaNet extends ClassLoader implements Consumer<Object> {
    private static final String OPENER = "dev.dnspatch.javanet.PrivateLookup";
    private static final String PERF = "dev.dnspatch.javanet.PrivatePerf";

    private Object received;

    private JavaNet() {
        super(null);
    }

    /** A private lookup in {@code InetAddress}. */
    public static MethodHandles.Lookup lookup(Instrumentation instrumentation) throws Exception {
        Object received = fromPrivateModule(instrumentation, OPENER, "java.net");
        if (!(received instanceof MethodHandles.Lookup)) {
            throw received instanceof Exception ? (Exception) received
                    : new IllegalStateException("no private lookup in java.net");
        }
        return (MethodHandles.Lookup) received;
    }

    /**
     * What creates entries in the JVM's perf data, the memory {@code jstat} and {@code status}
     * read: {@code jdk.internal.perf.Perf}'s {@code createLong} and {@code createByteArray}, behind
     * a JDK interface (see {@link PrivatePerf#apply}).
     */
    @SuppressWarnings("unchecked")
    public static Function<Object[], ByteBuffer> perf(Instrumentation instrumentation) throws Exception {
        Object received = fromPrivateModule(instrumentation, PERF, "jdk.internal.perf");
        if (!(received instanceof Function)) {
            throw new IllegalStateException("no access to jdk.internal.perf (" + received + ")");
        }
        return (Function<Object[], ByteBuffer>) received;
    }

    /**
     * Defines {@code className} in a loader of its own, opens {@code java.net} to its module or
     * exports {@code package} to it, then initializes it: what its initializer hands over.
     */
    private static Object fromPrivateModule(Instrumentation instrumentation, String className, String toOpen)
            throws Exception {
        // The agent's own domain: under a SecurityManager the class needs the agent's permissions.
        ProtectionDomain agent = JavaNet.class.getProtectionDomain();
        byte[] bytes = AgentJar.read(className.replace('.', '/') + ".class");
        JavaNet loader = new JavaNet();
        Class<?> privileged = loader.defineClass(className, bytes, 0, bytes.length, agent);
        Map<String, Set<Module>> to = Map.of(toOpen, Set.of(privileged.getModule()));
        if (toOpen.equals("java.net")) {
            // Even where java.net looks open already: on JDK 9 to 15 it is, to every unnamed module,
            // by --illegal-access=permit, and a lookup that relied on that would print the JDK's
            // illegal-access warning.
            instrumentation.redefineModule(InetAddress.class.getModule(), Set.of(), Map.of(), to, Set.of(), Map.of());
        } else {
            instrumentation.redefineModule(Object.class.getModule(), Set.of(), to, Map.of(), Set.of(), Map.of());
        }
        Class.forName(className, true, loader);
        return loader.received;
    }

    /** Defines a class in {@code java.net}, in the boot loader, as {@code InetAddress} is. */
    public static Class<?> defineClass(Instrumentation instrumentation, byte[] bytes) throws Exception {
        return lookup(instrumentation).defineClass(bytes);
    }

    /**
     * The values of static fields of a class in {@code java.net}, by name, private ones included;
     * a field the class does not have is left out.
     */
    public static Map<String, Object> staticValues(Instrumentation instrumentation, Class<?> type, String... names)
            throws Exception {
        MethodHandles.Lookup lookup = lookup(instrumentation);
        Map<String, Object> values = new HashMap<>();
        for (String name : names) {
            Field field;
            try {
                field = type.getDeclaredField(name);
            } catch (NoSuchFieldException absent) {
                continue;
            }
            values.put(name, lookup.unreflectVarHandle(field).get());
        }
        return values;
    }

    /** Sets a public static field of a class in {@code java.net}: that needs no private access. */
    public static void setStatic(Class<?> type, String field, Class<?> fieldType, Object value) throws Exception {
        MethodHandles.lookup().findStaticVarHandle(type, field, fieldType).setVolatile(value);
    }

    /** What the privileged class's initializer made, or why it could not. */
    @Override
    public void accept(Object madeOrFailure) {
        received = madeOrFailure;
    }
}
