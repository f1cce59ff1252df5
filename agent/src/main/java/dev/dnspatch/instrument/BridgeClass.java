package dev.dnspatch.instrument;

import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.security.ProtectionDomain;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * The one class dnspatch adds to the JDK, generated here and defined in {@code java.net}, so the
 * code patched into {@code InetAddress} can reach the agent:
 *
 * <pre>
 * package java.net;
 * public final class DnspatchBridge {
 *     public static volatile BiFunction hook;
 *     public static InetAddress[] filter(InetAddress[] answer, String host) {
 *         BiFunction h = hook;
 *         return h == null ? answer : (InetAddress[]) h.apply(host, answer);
 *     }
 * }
 * </pre>
 *
 * It names JDK types only: classes of the boot loader cannot see the agent's. It is defined
 * without touching the boot class path (which would switch off CDS for the application and
 * make the JVM print a warning): on JDK 9+ through a private lookup in {@code java.net}, opened
 * to the agent with {@code Instrumentation.redefineModule}; on JDK 8 with
 * {@code sun.misc.Unsafe.defineClass} into the boot loader. The agent is Java 8 bytecode, so
 * on JDK 9 to 17 the JDK 9 calls go through reflection; JDK 18+ has direct ones (see
 * {@link JavaNetAccess}).
 */
final class BridgeClass {
    static final String NAME = "java.net.DnspatchBridge";
    private static final String BIFUNCTION = "java/util/function/BiFunction";

    private BridgeClass() {
    }

    /**
     * Defines the bridge (or finds it, when an earlier dnspatch did). {@code direct} is the JDK 18+
     * way (see {@link JavaNetAccess}), null elsewhere.
     */
    static Class<?> define(Instrumentation instrumentation, Class<?> inetAddress, JavaNetAccess direct)
            throws Exception {
        try {
            return Class.forName(NAME, false, null);
        } catch (ClassNotFoundException notYet) {
            byte[] bytes = generate();
            return direct != null ? direct.defineBridge(instrumentation, inetAddress, bytes)
                    : defineNew(instrumentation, inetAddress, bytes);
        }
    }

    static void setHook(Class<?> bridge, PolicyHook hook, JavaNetAccess direct) throws Exception {
        if (direct != null) {
            direct.setHook(bridge, hook);
        } else {
            bridge.getField("hook").set(null, hook);
        }
    }

    private static Class<?> defineNew(Instrumentation instrumentation, Class<?> inetAddress, byte[] bytes)
            throws Exception {
        Method getModule;
        try {
            getModule = Class.class.getMethod("getModule");
        } catch (NoSuchMethodException jdk8) {
            return defineWithUnsafe(bytes);
        }
        try {
            Object javaBase = getModule.invoke(inetAddress);
            Object agent = getModule.invoke(BridgeClass.class);
            Method redefineModule = Instrumentation.class.getMethod("redefineModule", getModule.getReturnType(),
                    Set.class, Map.class, Map.class, Set.class, Map.class);
            redefineModule.invoke(instrumentation, javaBase, Collections.emptySet(), Collections.emptyMap(),
                    Collections.singletonMap("java.net", Collections.singleton(agent)), Collections.emptySet(),
                    Collections.emptyMap());
            Object lookup = MethodHandles.class.getMethod("privateLookupIn", Class.class, MethodHandles.Lookup.class)
                    .invoke(null, inetAddress, MethodHandles.lookup());
            return (Class<?>) MethodHandles.Lookup.class.getMethod("defineClass", byte[].class)
                    .invoke(lookup, (Object) bytes);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
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

    static byte[] generate() {
        ClassWriter writer = new ClassWriter(0);
        writer.visit(Opcodes.V1_8, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SUPER,
                InetAddressPatcher.BRIDGE, null, "java/lang/Object", null);
        writer.visitField(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC | Opcodes.ACC_VOLATILE, "hook",
                "L" + BIFUNCTION + ";", null, null).visitEnd();
        MethodVisitor filter = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "filter",
                InetAddressPatcher.FILTER_DESCRIPTOR, null, null);
        filter.visitCode();
        filter.visitFieldInsn(Opcodes.GETSTATIC, InetAddressPatcher.BRIDGE, "hook", "L" + BIFUNCTION + ";");
        filter.visitVarInsn(Opcodes.ASTORE, 2);
        filter.visitVarInsn(Opcodes.ALOAD, 2);
        Label call = new Label();
        filter.visitJumpInsn(Opcodes.IFNONNULL, call);
        filter.visitVarInsn(Opcodes.ALOAD, 0);
        filter.visitInsn(Opcodes.ARETURN);
        filter.visitLabel(call);
        // Boot classes are not verified by default, but the frame keeps the class valid when they are.
        filter.visitFrame(Opcodes.F_APPEND, 1, new Object[] {BIFUNCTION}, 0, null);
        filter.visitVarInsn(Opcodes.ALOAD, 2);
        filter.visitVarInsn(Opcodes.ALOAD, 1);
        filter.visitVarInsn(Opcodes.ALOAD, 0);
        filter.visitMethodInsn(Opcodes.INVOKEINTERFACE, BIFUNCTION, "apply",
                "(Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object;", true);
        filter.visitTypeInsn(Opcodes.CHECKCAST, "[Ljava/net/InetAddress;");
        filter.visitInsn(Opcodes.ARETURN);
        filter.visitMaxs(3, 3);
        filter.visitEnd();
        writer.visitEnd();
        return writer.toByteArray();
    }
}
