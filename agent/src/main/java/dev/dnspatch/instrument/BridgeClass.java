package dev.dnspatch.instrument;

import dev.dnspatch.AgentJar;
import dev.dnspatch.javanet.JavaNet;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.security.ProtectionDomain;

/**
 * The one class dnspatch adds to the JDK, {@code java.net.DnspatchBridge} (its source is
 * {@code src/bridge/java/net/DnspatchBridge.java}), defined in {@code java.net} by the boot
 * loader, so the code patched into {@code InetAddress}, and into Netty's resolver in any class
 * loader, can reach the agent. It names JDK types only: classes of the boot loader cannot see the
 * agent's, nor Netty's (see {@link NettyBridge}). Netty's methods are there whether or not Netty
 * is ever loaded: a bridge defined at start-up must already have them when a class loader later
 * defines Netty.
 *
 * <p>Compiled at build time by javac and carried as data, rather than written instruction by
 * instruction with ASM at start-up: a Java class reads and checks better than hand-written
 * bytecode (start-up is the same either way: the {@code InetAddress} patch loads ASM's writer
 * anyway). It is defined without touching the boot class path (which
 * would switch off CDS for the application and make the JVM print a warning): on JDK 9+ through a
 * private lookup in {@code java.net}, which {@link JavaNet} makes without opening {@code java.net}
 * to the application; on JDK 8 with {@code sun.misc.Unsafe.defineClass} into the boot loader.
 */
final class BridgeClass {
    static final String NAME = "java.net.DnspatchBridge";
    /** Its class file, as the build put it in the jar. */
    static final String CLASS_FILE = "dev/dnspatch/instrument/DnspatchBridge.bin";
    static final String HOOK = "hook";
    /** JDK 8 has no modules, and no JDK 9 API for {@link JavaNet} to call. */
    private static final boolean JDK_8 = System.getProperty("java.specification.version").startsWith("1.");

    private BridgeClass() {
    }

    /**
     * Defines the bridge, or finds it where an earlier dnspatch did. Synchronized: the first Netty
     * class (on an app thread) and an attach (on the attach thread) may both want it at once.
     */
    static synchronized Class<?> define(Instrumentation instrumentation) throws Exception {
        Class<?> bridge = defined();
        if (bridge != null) {
            return bridge;
        }
        byte[] bytes = AgentJar.read(CLASS_FILE);
        try {
            return JDK_8 ? defineWithUnsafe(bytes) : JavaNet.defineClass(instrumentation, bytes);
        } catch (LinkageError alreadyDefined) {
            // Another copy of dnspatch, in another class loader, defined it in the meantime.
            bridge = defined();
            if (bridge == null) {
                throw alreadyDefined;
            }
            return bridge;
        }
    }

    /** The bridge an earlier dnspatch defined in this JVM, or null. */
    static Class<?> defined() {
        try {
            return Class.forName(NAME, false, null);
        } catch (ClassNotFoundException notYet) {
            return null;
        }
    }

    /**
     * Sets one of the bridge's hooks, of this JDK type ({@code BiFunction} or {@code Consumer}).
     * They are public: on JDK 8 reflection sets them cheaply, on 9+ a {@code VarHandle}.
     */
    static void setHook(Class<?> bridge, String field, Class<?> type, Object hook) throws Exception {
        if (JDK_8) {
            bridge.getField(field).set(null, hook);
        } else {
            JavaNet.setStatic(bridge, field, type, hook);
        }
    }

    /** JDK 8 only; never reached on 9+, so no Unsafe warning there. */
    private static Class<?> defineWithUnsafe(byte[] bytes) throws Exception {
        Class<?> unsafeType = Class.forName("sun.misc.Unsafe");
        Field theUnsafe = unsafeType.getDeclaredField("theUnsafe");
        theUnsafe.setAccessible(true);
        Method defineClass = unsafeType.getMethod("defineClass", String.class, byte[].class, int.class, int.class,
                ClassLoader.class, ProtectionDomain.class);
        return (Class<?>) defineClass.invoke(theUnsafe.get(null), NAME, bytes, 0, bytes.length, null, null);
    }
}
