package dev.dnspatch.javanet;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandles;
import java.net.InetAddress;
import java.lang.reflect.Field;
import java.security.ProtectionDomain;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * What dnspatch does inside {@code java.net} on JDK 9 and later (define the bridge, which carries
 * the instrumentation engine's hook and Netty's; read which resolver the JDK fixed; reach the
 * JDK's cache of answers), through a private lookup made without opening {@code java.net} to the
 * application.
 *
 * <p>{@code Instrumentation.redefineModule} opens a package to a module, and dnspatch's own
 * classes are in the system class loader's unnamed module, with every class on the
 * application's class path. So the open goes to another module: the unnamed module of an
 * instance of this class, a class loader that defines one class, {@link PrivateLookup}, from the
 * bytes in the agent's jar. Its parent is the boot loader, so it loads nothing else of the agent
 * or of the application. {@code PrivateLookup} makes the lookup and hands it back; dnspatch
 * keeps it nowhere: each use asks for one. The bytes are read from the jar, not as a class path
 * resource, which opens a URL connection; a {@code URLClassLoader} over the jar would load some
 * 15 more JDK classes on JDK 17 for the same class.
 *
 * <p>Compiled for release 9 and only ever loaded on JDK 9 and later, so the JDK 9 calls are
 * direct: from Java 8 bytecode they would go through reflection, which on JDK 18 and later spins
 * method-handle classes for every new signature (measured in premain on JDK 25: the module
 * calls 40-150 ms through reflection against 8-16 ms direct; setting the bridge's hook 6-30 ms
 * through {@code Field.set} against about 1.3 ms through a {@code VarHandle}).
 */
public final class JavaNet extends ClassLoader implements Consumer<Object> {
    private static final String OPENER = "dev.dnspatch.javanet.PrivateLookup";
    private static final String OPENER_FILE = "dev/dnspatch/javanet/PrivateLookup.class";

    private static volatile byte[] openerClassFile;

    private Object received;

    private JavaNet() {
        super(null);
    }

    /** A private lookup in {@code InetAddress}. */
    public static MethodHandles.Lookup lookup(Instrumentation instrumentation) throws Exception {
        // The agent's own domain: under a SecurityManager the opener needs the agent's permissions.
        ProtectionDomain agent = JavaNet.class.getProtectionDomain();
        byte[] bytes = openerBytes(agent);
        JavaNet loader = new JavaNet();
        Class<?> opener = loader.defineClass(OPENER, bytes, 0, bytes.length, agent);
        // Even where java.net looks open already: on JDK 9 to 15 it is, to every unnamed module,
        // by --illegal-access=permit, and a lookup that relied on that would print the JDK's
        // illegal-access warning.
        instrumentation.redefineModule(InetAddress.class.getModule(), Set.of(), Map.of(),
                Map.of("java.net", Set.of(opener.getModule())), Set.of(), Map.of());
        Class.forName(OPENER, true, loader);
        if (!(loader.received instanceof MethodHandles.Lookup)) {
            throw loader.received instanceof Exception ? (Exception) loader.received
                    : new IllegalStateException("no private lookup in java.net");
        }
        return (MethodHandles.Lookup) loader.received;
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

    /** What {@code PrivateLookup}'s initializer made: the lookup, or why it could not. */
    @Override
    public void accept(Object lookupOrFailure) {
        received = lookupOrFailure;
    }

    /**
     * Read once and kept: a later use (an attach, the first Netty class) may come long after the
     * jar on disk was replaced or removed. Where it cannot be read directly, the agent's own class
     * loader, which holds the jar open, still can.
     */
    private static byte[] openerBytes(ProtectionDomain agent) throws Exception {
        byte[] bytes = openerClassFile;
        if (bytes == null) {
            try {
                bytes = readOpener(agent);
            } catch (Exception unreadable) {
                try (InputStream in = JavaNet.class.getClassLoader().getResourceAsStream(OPENER_FILE)) {
                    if (in == null) {
                        throw unreadable;
                    }
                    bytes = in.readAllBytes();
                }
            }
            openerClassFile = bytes;
        }
        return bytes;
    }

    private static byte[] readOpener(ProtectionDomain agent) throws Exception {
        if (agent.getCodeSource() == null || agent.getCodeSource().getLocation() == null) {
            throw new IllegalStateException("the agent's jar cannot be located");
        }
        File location = new File(agent.getCodeSource().getLocation().toURI());
        if (location.isDirectory()) {
            try (InputStream in = new FileInputStream(new File(location, OPENER_FILE))) {
                return in.readAllBytes();
            }
        }
        try (ZipFile jar = new ZipFile(location)) {
            ZipEntry entry = jar.getEntry(OPENER_FILE);
            if (entry == null) {
                throw new IOException(location + " has no " + OPENER_FILE);
            }
            try (InputStream in = jar.getInputStream(entry)) {
                return in.readAllBytes();
            }
        }
    }
}
