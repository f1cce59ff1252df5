package dev.dnspatch.instrument;

import dev.dnspatch.javanet.JavaNet;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.security.ProtectionDomain;
import java.util.function.BiFunction;
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
 * make the JVM print a warning): on JDK 9+ through a private lookup in {@code java.net}, which
 * {@link JavaNet} makes without opening {@code java.net} to the application; on JDK 8 with
 * {@code sun.misc.Unsafe.defineClass} into the boot loader.
 */
final class BridgeClass {
    static final String NAME = "java.net.DnspatchBridge";
    private static final String BIFUNCTION = "java/util/function/BiFunction";
    /** JDK 8 has no modules, and no JDK 9 API for {@link JavaNet} to call. */
    private static final boolean JDK_8 = System.getProperty("java.specification.version").startsWith("1.");

    private BridgeClass() {
    }

    /** Defines the bridge, or finds it where an earlier dnspatch did. */
    static Class<?> define(Instrumentation instrumentation) throws Exception {
        Class<?> bridge = defined();
        if (bridge != null) {
            return bridge;
        }
        byte[] bytes = generate();
        return JDK_8 ? defineWithUnsafe(bytes) : JavaNet.defineClass(instrumentation, bytes);
    }

    /** The bridge an earlier dnspatch defined in this JVM, or null. */
    static Class<?> defined() {
        try {
            return Class.forName(NAME, false, null);
        } catch (ClassNotFoundException notYet) {
            return null;
        }
    }

    /** The bridge's hook is public: on JDK 8 reflection sets it cheaply, on 9+ a {@code VarHandle}. */
    static void setHook(Class<?> bridge, BiFunction<String, InetAddress[], InetAddress[]> hook) throws Exception {
        if (JDK_8) {
            bridge.getField("hook").set(null, hook);
        } else {
            JavaNet.setStatic(bridge, "hook", BiFunction.class, hook);
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
